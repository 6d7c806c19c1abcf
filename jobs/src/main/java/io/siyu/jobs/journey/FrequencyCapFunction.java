package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneysConfig;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import io.siyu.jobs.time.KeyTimer;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * <p>The decision itself is {@link FrequencyCap} (no Flink in it).
 *
 * <p>State per recipient: one {@link CapState} (behind a write-back cache: written to the state
 * backend once per checkpoint) and at most one timer, at its earliest waiting trigger.
 */
public class FrequencyCapFunction
    extends KeyedProcessFunction<String, JourneyTrigger, JourneyTrigger>
    implements WriteBackFunction {
  private static final long serialVersionUID = 1L;

  public static final String DAILY_CAP = "daily_cap";
  public static final String COOLDOWN = "cooldown";
  public static final String ONCE = "once";

  private static final Comparator<JourneyTrigger> DECISION_ORDER =
      Comparator.comparingLong(JourneyTrigger::firedAt)
          .thenComparingInt(JourneyTrigger::priority)
          .thenComparing(JourneyTrigger::triggerId);

  public static ValueStateDescriptor<CapState> stateDescriptor() {
    return new ValueStateDescriptor<>("cap", TypeInformation.of(CapState.class));
  }

  private final FrequencyCap cap;
  private final int cacheEntries;
  private transient WriteBackValueState<String, CapState> state;
  private transient Counter sent;
  private transient Counter capped;
  private transient Counter timeoutsAtEnd;

  public FrequencyCapFunction(JourneysConfig settings, ZoneId zone, int cacheEntries) {
    this.cap = new FrequencyCap(settings, zone);
    this.cacheEntries = cacheEntries;
  }

  @Override
  public void open(OpenContext openContext) {
    var metrics = getRuntimeContext().getMetricGroup();
    state =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()), cacheEntries, metrics);
    sent = metrics.counter("journeyTriggersSent");
    capped = metrics.counter("journeyTriggersCapped");
    timeoutsAtEnd = metrics.counter("journeyTimeoutsAtEnd");
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(state);
  }

  @Override
  public void processElement(JourneyTrigger t, Context ctx, Collector<JourneyTrigger> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    CapState s = state.value(key);
    if (s == null) {
      s = new CapState();
    }
    // Upstream emits a trigger before the watermark that passes its time, so it is never behind
    // the watermark here; if it were, it is decided at the next watermark rather than lost.
    s.hold(t, Math.max(t.firedAt(), ctx.timerService().currentWatermark() + 1));
    s.timer = KeyTimer.move(ctx.timerService(), s.timer, s.nextDue());
    state.update(key, s);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<JourneyTrigger> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    CapState s = state.value(key);
    if (s == null) {
      return;
    }
    if (s.timer == time) {
      s.timer = Long.MIN_VALUE; // this timer fired
    }
    long watermark = ctx.timerService().currentWatermark();
    boolean endOfInput = watermark == Long.MAX_VALUE;
    int n = s.due(watermark);
    // By decision time, then the decision order: as if each time had its own timer.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    JourneyTrigger[] due = s.pending;
    long[] dueAt = s.pendingAt;
    Arrays.sort(
        order,
        Comparator.<Integer>comparingLong(i -> dueAt[i])
            .thenComparing(i -> due[i], DECISION_ORDER));
    s.dropFirst(n);
    for (int i : order) {
      JourneyTrigger t = due[i];
      if (endOfInput && JourneyTrigger.CAUSE_TIMEOUT.equals(t.cause())) {
        timeoutsAtEnd.inc();
        continue;
      }
      JourneyTrigger decided = cap.decide(t, s);
      (decided.sent() ? sent : capped).inc();
      out.collect(decided);
    }
    s.timer = KeyTimer.move(ctx.timerService(), s.timer, s.nextDue());
    state.update(key, s);
  }
}
