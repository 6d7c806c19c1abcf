package io.siyu.jobs.journey;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.ScanEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
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
import org.apache.flink.util.OutputTag;

/**
 * The first journey operator, keyed by canonical customer id: puts each customer's events and
 * lifecycle changes in event-time order (ties broken by event id) and adds what only history knows
 * — which kinds of event the customer had before ("first scan", "first order"), their preferred
 * contact channel and their guide — so that every pattern downstream sees the same, deterministic
 * sequence on every replay.
 *
 * <p>Events are held until the watermark passes their time (the CEP operators would hold them
 * anyway). An event at or behind the watermark is late: the patterns could no longer place it, so
 * it goes to {@link #LATE} and the {@code journeyLateEvents} counter, and still counts for "seen
 * before". A re-sent event at the same position as its original (same id, same time) is dropped and
 * counted; one late in its partition is recorded as late, at its partition's position.
 *
 * <p>State per customer: a {@link CustomerContext} (a long and two short strings, kept for the
 * customer's lifetime: "first" must mean first) and the events not yet passed by the watermark.
 */
public class JourneyContextFunction
    extends KeyedProcessFunction<String, JourneyInput, JourneyEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<LateEvent> LATE =
      new OutputTag<>("journey-late-events", TypeInformation.of(LateEvent.class));

  /**
   * Marks a buffered event the gate found late in its partition (raw buffered events carry no
   * history yet, so their {@code seenBefore} is free to say so).
   */
  private static final long LATE_IN_PARTITION = -1L;

  /**
   * Ties at one instant: by id, except that a merge notice comes last — after every event and
   * lifecycle change of the absorbed customer at that instant, whatever their ids look like.
   */
  private static final Comparator<JourneyEvent> BY_ID =
      Comparator.comparing((JourneyEvent e) -> EventKinds.MERGED.equals(e.kind()))
          .thenComparing(JourneyEvent::eventId);

  public static ValueStateDescriptor<CustomerContext> contextDescriptor() {
    return new ValueStateDescriptor<>("context", TypeInformation.of(CustomerContext.class));
  }

  public static MapStateDescriptor<Long, List<JourneyEvent>> bufferDescriptor() {
    return new MapStateDescriptor<>(
        "pending", Types.LONG, Types.LIST(TypeInformation.of(JourneyEvent.class)));
  }

  private final Set<String> contactChannels;
  private transient ValueState<CustomerContext> context;
  private transient MapState<Long, List<JourneyEvent>> pending;
  private transient Counter late;
  private transient Counter duplicates;

  public JourneyContextFunction(List<String> contactChannels) {
    this.contactChannels = Set.copyOf(contactChannels);
  }

  @Override
  public void open(OpenContext openContext) {
    context = getRuntimeContext().getState(contextDescriptor());
    pending = getRuntimeContext().getMapState(bufferDescriptor());
    late = getRuntimeContext().getMetricGroup().counter("journeyLateEvents");
    duplicates = getRuntimeContext().getMetricGroup().counter("journeyDuplicateEvents");
  }

  @Override
  public void processElement(JourneyInput in, Context ctx, Collector<JourneyEvent> out)
      throws Exception {
    JourneyEvent e = raw(ctx.getCurrentKey(), in);
    // Ordered by the record's timestamp: the event's time; for a lifecycle change, the time of
    // what caused it (an ageing step inside an event's evaluation is stamped earlier than that).
    long at = ctx.timestamp() == null ? e.ts() : ctx.timestamp();
    // An event the gate found behind its partition's event time carries its partition's position
    // as record timestamp (EventTimeGate). Deciding lateness by that, not by this operator's
    // watermark, makes it the same in every run; the patterns do not take it (a re-send of an
    // older record must not enter a journey twice).
    boolean lateInPartition = in.event() != null && at > e.ts();
    long watermark = ctx.timerService().currentWatermark();
    if (lateInPartition && at > watermark) {
      // Held like any event, at its partition's position, so that "seen before" changes in
      // event-time order; released to the late output, not to the patterns. (Whether its original
      // is still in the buffer is not asked: that depends on how far the watermark had moved.)
      buffer(at, e.withSeenBefore(LATE_IN_PARTITION), ctx);
      return;
    }
    if (at <= watermark) {
      late.inc();
      ctx.output(LATE, new LateEvent(e.customerId(), e.kind(), e.eventId(), e.ts(), watermark));
      context.update(current().alsoSeen(e.kind()));
      return;
    }
    buffer(at, e, ctx);
  }

  private void buffer(long at, JourneyEvent e, Context ctx) throws Exception {
    List<JourneyEvent> atTs = pending.get(at);
    if (atTs == null) {
      atTs = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(at);
    } else if (holds(atTs, e)) {
      duplicates.inc();
      return;
    }
    atTs.add(e);
    pending.put(at, atTs);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<JourneyEvent> out) throws Exception {
    List<JourneyEvent> due = pending.get(time);
    if (due == null) {
      return;
    }
    pending.remove(time);
    due.sort(BY_ID);
    CustomerContext c = current();
    for (JourneyEvent e : due) {
      if (e.seenBefore() == LATE_IN_PARTITION) {
        late.inc();
        ctx.output(LATE, new LateEvent(e.customerId(), e.kind(), e.eventId(), e.ts(), time - 1));
        c = c.alsoSeen(e.kind());
        continue;
      }
      // The event's own channel and guide, if it has them, are the newest the customer has.
      String channel = e.contactChannel() != null ? e.contactChannel() : c.contactChannel();
      String guide = e.guideId() != null ? e.guideId() : c.guideId();
      out.collect(
          new JourneyEvent(
              e.customerId(),
              e.kind(),
              e.eventId(),
              e.ts(),
              c.seenKinds(),
              channel,
              guide,
              e.sku(),
              e.campaignId(),
              e.orderId(),
              e.card(),
              e.referrerId(),
              e.referrerIds(),
              e.stage()));
      c = new CustomerContext(c.seenKinds() | 1L << EventKinds.bit(e.kind()), channel, guide);
    }
    context.update(c);
  }

  private static boolean holds(List<JourneyEvent> buffered, JourneyEvent e) {
    return buffered != null && buffered.stream().anyMatch(x -> x.eventId().equals(e.eventId()));
  }

  private CustomerContext current() throws Exception {
    CustomerContext c = context.value();
    return c == null ? CustomerContext.EMPTY : c;
  }

  /** Not a customer event but news about the customer: a lifecycle change or a merge notice. */
  private static JourneyEvent marker(
      String customerId, String kind, String id, long at, String stage) {
    return new JourneyEvent(
        customerId, kind, id, at, 0L, null, null, null, null, null, null, null, null, stage);
  }

  /** The event as it arrived: its own channel (if contactable) and guide, no history yet. */
  private JourneyEvent raw(String customerId, JourneyInput in) {
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
