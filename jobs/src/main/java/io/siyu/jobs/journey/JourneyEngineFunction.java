package io.siyu.jobs.journey;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.ScanEvent;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import io.siyu.jobs.time.KeyTimer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The journeys' operator, keyed by canonical customer id: buffers each customer's events and
 * lifecycle changes until the watermark passes them, then runs every journey over them in
 * event-time order ({@link JourneyEngine}) — so every journey sees the same, deterministic sequence
 * on every replay, and each event is buffered, read and written once whatever the number of
 * journeys.
 *
 * <p>An event at or behind the watermark is late: the journeys could no longer place it, so it goes
 * to {@link #LATE} and the {@code journeyLateEvents} counter, and still counts for "seen before". A
 * re-sent event at the same position as its original (same id, same time) is dropped and counted;
 * one late in its partition is recorded as late, at its partition's position.
 *
 * <p>State per customer: one {@link CustomerJourneys} value (behind a write-back cache, written to
 * the state backend once per checkpoint) and at most one event-time timer, at the customer's next
 * buffered event or time limit.
 */
public class JourneyEngineFunction
    extends KeyedProcessFunction<String, JourneyInput, JourneyTrigger>
    implements WriteBackFunction {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<LateEvent> LATE =
      new OutputTag<>("journey-late-events", TypeInformation.of(LateEvent.class));

  public static ValueStateDescriptor<CustomerJourneys> stateDescriptor() {
    return new ValueStateDescriptor<>("journeys", TypeInformation.of(CustomerJourneys.class));
  }

  private final JourneyEngine engine;
  private final Set<String> contactChannels;
  private final int cacheEntries;
  private transient WriteBackValueState<String, CustomerJourneys> state;
  private transient Counter late;
  private transient Counter duplicates;
  private transient Counter[][] outcomes;
  private transient Emitter emitter;

  public JourneyEngineFunction(
      JourneysConfig settings, Map<String, CampaignConfig> campaigns, int cacheEntries) {
    this.engine = new JourneyEngine(settings, campaigns);
    this.contactChannels = Set.copyOf(settings.contactChannels());
    this.cacheEntries = cacheEntries;
  }

  @Override
  public void open(OpenContext openContext) {
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    state =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()), cacheEntries, metrics);
    late = metrics.counter("journeyLateEvents");
    duplicates = metrics.counter("journeyDuplicateEvents");
    List<String> ids = engine.journeyIds();
    JourneyEngine.Outcome[] kinds = JourneyEngine.Outcome.values();
    outcomes = new Counter[ids.size()][kinds.length];
    for (int j = 0; j < ids.size(); j++) {
      MetricGroup g = metrics.addGroup("journey", ids.get(j));
      for (JourneyEngine.Outcome o : kinds) {
        outcomes[j][o.ordinal()] = g.counter(counterName(o));
      }
    }
    emitter = new Emitter();
  }

  private static String counterName(JourneyEngine.Outcome o) {
    return switch (o) {
      case FIRED -> "journeyFired";
      case CONVERTED -> "journeyConverted";
      case SUPERSEDED -> "journeySuperseded";
      case EXPIRED -> "journeyExpired";
      case ENDED_BY_MERGE -> "journeyEndedByMerge";
    };
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(state);
  }

  @Override
  public void processElement(JourneyInput in, Context ctx, Collector<JourneyTrigger> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    JourneyEvent e = raw(key, in, contactChannels);
    // Ordered by the record's timestamp: the event's time; for a lifecycle change, the time of
    // what caused it (an ageing step inside an event's evaluation is stamped earlier than that).
    long at = ctx.timestamp() == null ? e.ts() : ctx.timestamp();
    // An event the gate found behind its partition's event time carries its partition's position
    // as record timestamp (EventTimeGate). Deciding lateness by that, not by this operator's
    // watermark, makes it the same in every run; the journeys do not take it (a re-send of an
    // older record must not enter a journey twice).
    boolean lateInPartition = in.event() != null && at > e.ts();
    long watermark = ctx.timerService().currentWatermark();
    CustomerJourneys c = state.value(key);
    if (c == null) {
      c = new CustomerJourneys();
    }
    if (at <= watermark) {
      late.inc();
      ctx.output(LATE, new LateEvent(e.customerId(), e.kind(), e.eventId(), e.ts(), watermark));
      c.seenKinds |= 1L << EventKinds.bit(e.kind());
      state.update(key, c);
      return;
    }
    // Held like any event, at its position, so that "seen before" changes in event-time order; a
    // late-in-partition one is then released to the late output, not to the journeys.
    if (!c.buffer(at, lateInPartition ? e.withSeenBefore(JourneyEngine.LATE_IN_PARTITION) : e)) {
      duplicates.inc();
      return;
    }
    c.timer = KeyTimer.move(ctx.timerService(), c.timer, engine.nextDue(c));
    state.update(key, c);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<JourneyTrigger> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    CustomerJourneys c = state.value(key);
    if (c == null) {
      return;
    }
    if (c.timer == time) {
      c.timer = Long.MIN_VALUE; // this timer fired
    }
    emitter.out = out;
    emitter.ctx = ctx;
    engine.advance(c, ctx.timerService().currentWatermark(), emitter);
    c.timer = KeyTimer.move(ctx.timerService(), c.timer, engine.nextDue(c));
    state.update(key, c);
  }

  /** The engine's output, bound to the current timer call. */
  private final class Emitter implements JourneyEngine.Output {
    Collector<JourneyTrigger> out;
    OnTimerContext ctx;

    @Override
    public void trigger(JourneyTrigger t) {
      out.collect(t);
    }

    @Override
    public void late(LateEvent e) {
      late.inc();
      ctx.output(LATE, e);
    }

    @Override
    public void count(int journey, JourneyEngine.Outcome outcome) {
      outcomes[journey][outcome.ordinal()].inc();
    }
  }

  /** Not a customer event but news about the customer: a lifecycle change or a merge notice. */
  private static JourneyEvent marker(
      String customerId, String kind, String id, long at, String stage) {
    return new JourneyEvent(
        customerId, kind, id, at, 0L, null, null, null, null, null, null, null, null, stage);
  }

  /**
   * The event as it arrived: its own channel (if in {@code contactChannels}) and guide, no history
   * yet. Public for callers without Flink (the benchmark's baseline).
   */
  public static JourneyEvent raw(String customerId, JourneyInput in, Set<String> contactChannels) {
    if (in.merge() != null) {
      // Its time is the record timestamp of the event that linked the customers.
      var m = in.merge();
      return marker(customerId, EventKinds.MERGED, m.noticeId(), m.at(), null);
    }
    if (in.transition() != null) {
      var t = in.transition();
      String stage = t.to().name();
      return marker(
          customerId, EventKinds.LIFECYCLE, "lifecycle:" + stage + ":" + t.at(), t.at(), stage);
    }
    CustomerEvent e = in.event();
    EventHeader h = e.header();
    ScanEvent scan = e.scan();
    InteractionEvent interaction = e.interaction();
    String sku = scan != null ? scan.sku() : interaction != null ? interaction.sku() : null;
    String campaign =
        scan != null ? scan.campaignId() : interaction != null ? interaction.campaignId() : null;
    String card = scan != null && scan.reward() != null ? scan.reward().card() : null;
    CustomerIds referrer = interaction != null ? interaction.referrerIds() : null;
    boolean hasReferrer = referrer != null && !referrer.isEmpty();
    return new JourneyEvent(
        customerId,
        EventKinds.of(e),
        h.eventId(),
        h.ts(),
        0L,
        contactChannels.contains(h.channel()) ? h.channel() : null,
        h.guideId(),
        sku,
        campaign,
        e.purchase() != null ? e.purchase().orderId() : null,
        card,
        hasReferrer ? in.referrerId() : null,
        hasReferrer ? referrer : null,
        null);
  }
}
