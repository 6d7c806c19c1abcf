package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.ReEntry;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.udf.BusinessDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Frequency capping, keyed by the recipient: decides for every trigger of every journey whether it
 * is {@link JourneyTrigger#SENT} or {@link JourneyTrigger#CAPPED}, with the reason:
 *
 * <ol>
 *   <li>{@code once}: a {@code re-entry: once} journey the customer already received;
 *   <li>{@code cooldown}: the same journey was sent to the customer less than its cooldown ago;
 *   <li>{@code daily_cap}: the customer already received {@code daily-cap} triggers on the
 *       trigger's business day (in the configured zone); exempt journeys neither count nor are held
 *       back.
 * </ol>
 *
 * <p><b>Deterministic under replay.</b> Triggers of different journeys come from different
 * operators in no fixed order, and the cap depends on order. So triggers are held until the
 * watermark passes their firing time and then decided in the order (firing time, journey's position
 * in the journey file, trigger id) — the same on every replay, whatever the arrival order.
 *
 * <p><b>End of a bounded input.</b> The final watermark ({@code Long.MAX_VALUE}) times out every
 * open CEP partial match; those timeouts did not really happen (the input ended, the time did not
 * pass), so they are dropped and counted ({@code journeyTimeoutsAtEnd}). Triggers caused by real
 * events are still decided.
 *
 * <p>State per customer: the last send time per journey (a handful of entries; kept for the
 * customer's lifetime because {@code once} must mean once) and today's count.
 */
public class FrequencyCapFunction
    extends KeyedProcessFunction<String, JourneyTrigger, JourneyTrigger> {
  private static final long serialVersionUID = 1L;

  public static final String DAILY_CAP = "daily_cap";
  public static final String COOLDOWN = "cooldown";
  public static final String ONCE = "once";

  private static final Comparator<JourneyTrigger> DECISION_ORDER =
      Comparator.comparingLong(JourneyTrigger::firedAt)
          .thenComparingInt(JourneyTrigger::priority)
          .thenComparing(JourneyTrigger::triggerId);

  /** Sends on one business day: {@code epochDay}, {@code sent}. */
  public record DailyCount(int epochDay, int sent) {}

  public static MapStateDescriptor<Long, List<JourneyTrigger>> pendingDescriptor() {
    return new MapStateDescriptor<>(
        "pending-triggers", Types.LONG, Types.LIST(TypeInformation.of(JourneyTrigger.class)));
  }

  public static MapStateDescriptor<String, Long> lastSentDescriptor() {
    return new MapStateDescriptor<>("last-sent", Types.STRING, Types.LONG);
  }

  public static ValueStateDescriptor<DailyCount> dailyDescriptor() {
    return new ValueStateDescriptor<>("daily-count", TypeInformation.of(DailyCount.class));
  }

  private final int dailyCap;
  private final BusinessDay businessDay;
  private final HashMap<String, Long> cooldownMs = new HashMap<>();
  private final HashMap<String, Boolean> once = new HashMap<>();
  private transient MapState<Long, List<JourneyTrigger>> pending;
  private transient MapState<String, Long> lastSent;
  private transient ValueState<DailyCount> daily;
  private transient Counter sent;
  private transient Counter capped;
  private transient Counter timeoutsAtEnd;

  public FrequencyCapFunction(JourneysConfig settings, ZoneId zone) {
    this.dailyCap = settings.dailyCap();
    this.businessDay = new BusinessDay(zone);
    for (JourneyDefinition j : settings.list()) {
      cooldownMs.put(j.id(), j.cooldown().toMillis());
      once.put(j.id(), j.reEntry() == ReEntry.ONCE);
    }
  }

  @Override
  public void open(OpenContext openContext) {
    pending = getRuntimeContext().getMapState(pendingDescriptor());
    lastSent = getRuntimeContext().getMapState(lastSentDescriptor());
    daily = getRuntimeContext().getState(dailyDescriptor());
    var metrics = getRuntimeContext().getMetricGroup();
    sent = metrics.counter("journeyTriggersSent");
    capped = metrics.counter("journeyTriggersCapped");
    timeoutsAtEnd = metrics.counter("journeyTimeoutsAtEnd");
  }

  @Override
  public void processElement(JourneyTrigger t, Context ctx, Collector<JourneyTrigger> out)
      throws Exception {
    // Upstream emits a trigger before the watermark that passes its time, so it is never behind
    // the watermark here; if it were, it is decided at the next watermark rather than lost.
    long at = Math.max(t.firedAt(), ctx.timerService().currentWatermark() + 1);
    List<JourneyTrigger> due = pending.get(at);
    if (due == null) {
      due = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(at);
    }
    due.add(t);
    pending.put(at, due);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<JourneyTrigger> out)
      throws Exception {
    List<JourneyTrigger> due = pending.get(time);
    if (due == null) {
      return;
    }
    pending.remove(time);
    boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
    due.sort(DECISION_ORDER);
    for (JourneyTrigger t : due) {
      if (endOfInput && JourneyTrigger.CAUSE_TIMEOUT.equals(t.cause())) {
        timeoutsAtEnd.inc();
        continue;
      }
      JourneyTrigger decided = decide(t);
      (decided.sent() ? sent : capped).inc();
      out.collect(decided);
    }
  }

  private JourneyTrigger decide(JourneyTrigger t) throws Exception {
    Long last = lastSent.get(t.journeyId());
    if (last != null && once.getOrDefault(t.journeyId(), false)) {
      return t.withStatus(JourneyTrigger.CAPPED, ONCE);
    }
    if (last != null && t.firedAt() - last < cooldownMs.getOrDefault(t.journeyId(), 0L)) {
      return t.withStatus(JourneyTrigger.CAPPED, COOLDOWN);
    }
    int day = businessDay.epochDay(t.firedAt());
    DailyCount count = daily.value();
    int sentToday = count != null && count.epochDay() == day ? count.sent() : 0;
    if (!t.exemptFromDailyCap()) {
      if (sentToday >= dailyCap) {
        return t.withStatus(JourneyTrigger.CAPPED, DAILY_CAP);
      }
      daily.update(new DailyCount(day, sentToday + 1));
    }
    lastSent.put(t.journeyId(), t.firedAt());
    return t.withStatus(JourneyTrigger.SENT, null);
  }
}
