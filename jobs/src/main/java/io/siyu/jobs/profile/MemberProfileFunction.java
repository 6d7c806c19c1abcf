package io.siyu.jobs.profile;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.ProfileConfig;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.records.RewardType;
import io.siyu.jobs.records.ScanEvent;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the history of one identifier (keyed by it: {@code m:…}, {@code u:…}, {@code o:…}, {@code
 * p:…}) and sends it to its customer's profile after every change. This is where histories live so
 * that they can move: when identity resolution re-points the identifier to another customer (a
 * merge), the history leaves the old customer and joins the new one — without a feedback loop,
 * since only this operator's own key is involved.
 *
 * <p>One state read and one write per event. Producer re-sends are dropped here (recent event ids);
 * a paid order counts once by its order id.
 */
public class MemberProfileFunction
    extends KeyedProcessFunction<String, IdentityMessage, MemberUpdate>
    implements WriteBackFunction {
  /**
   * Every applied event once (a re-send of an event this identifier's history holds is dropped),
   * with its customer at that moment: the input of the BI branch.
   */
  public static final OutputTag<ResolvedEvent> ACCEPTED =
      new OutputTag<>("accepted-events", TypeInformation.of(ResolvedEvent.class));

  private static final long serialVersionUID = 1L;

  /** The channel of purchases made in a store (everything else counts as online). */
  static final String STORE_CHANNEL = "store_pos";

  public static ValueStateDescriptor<MemberHistory> stateDescriptor() {
    return new ValueStateDescriptor<>("member-history", TypeInformation.of(MemberHistory.class));
  }

  private final long windowMs;
  private final long retentionMs;
  private final Map<String, List<String>> cards = new HashMap<>();
  private final int cacheEntries;
  private transient WriteBackValueState<String, MemberHistory> history;
  private transient Counter duplicates;

  public MemberProfileFunction(ProfileConfig config, Map<String, CampaignConfig> campaigns) {
    this.windowMs = config.rfm().window().toMillis();
    this.retentionMs = config.retention().toMillis();
    this.cacheEntries = config.stateCacheEntries();
    campaigns.forEach((id, c) -> cards.put(id, c.cards()));
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(history);
  }

  @Override
  public void open(OpenContext openContext) {
    history =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup());
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  @Override
  public void processElement(IdentityMessage m, Context ctx, Collector<MemberUpdate> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    // The record timestamp: the event's time, or for an event late in its partition its
    // partition's position — where it is applied (README "Event time"). Input arrives in that
    // order (one upstream channel, from the resolver, which emits in event-time order).
    long at = ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp();
    MemberHistory h = current(key, at);
    if (m.event() == null && m.credit() == null) {
      // A re-point: an identifier without a history has nothing to move.
      if (h != null && !h.canonical.equals(m.canonical())) {
        moveTo(key, h, m.canonical(), at, m.seq(), out);
        history.update(key, h);
      }
      return;
    }
    boolean moved = false;
    if (h == null) {
      h = new MemberHistory();
      h.canonical = m.canonical();
    } else if (!h.canonical.equals(m.canonical())) {
      moveTo(key, h, m.canonical(), at, m.seq(), out); // defensive: re-points always come first
      moved = true;
    }
    String cause;
    if (m.credit() != null) {
      // An inviter may be known only from the invitations they sent: first seen then.
      h.saw(at);
      h.credit(m.credit(), m.level());
      cause = "referral";
    } else {
      CustomerEvent e = m.event();
      if (h.seenRecently(e.header().eventId())) {
        duplicates.inc(); // a re-send: nothing changed, nothing to write
        if (moved) {
          history.update(key, h);
        }
        return;
      }
      // The event's own time is a fact about the customer (first seen, last seen); the profile
      // evaluates it at `at`.
      h.saw(e.header().ts());
      h.clock = Math.max(h.clock, at);
      countBehaviour(h, e);
      cause = e.purchase() != null && applyPurchase(h, e.purchase()) ? "purchase" : "event";
      h.pruneOrders(h.clock, windowMs);
      if (h.retentionTimer == Long.MIN_VALUE) {
        h.retentionTimer = h.lastEventTs + retentionMs;
        ctx.timerService().registerEventTimeTimer(h.retentionTimer);
      }
    }
    history.update(key, h);
    out.collect(MemberUpdate.of(key, h, at, cause, m.seq()));
    if (m.event() != null) {
      ctx.output(ACCEPTED, new ResolvedEvent(m.canonical(), m.event(), null));
    }
  }

  /**
   * The identifier's history as of {@code at}, or null if it has none — also when it has been quiet
   * for the whole retention by then. Deciding expiry here, on the next message, rather than only
   * when the retention timer fires, makes it independent of when the watermark happened to pass the
   * timer: live, the timer may fire first; in a fast replay the next event may come first; both see
   * the history gone.
   */
  private MemberHistory current(String key, long at) throws Exception {
    MemberHistory h = history.value(key);
    if (h != null && at >= h.lastEventTs + retentionMs) {
      history.clear(key);
      return null;
    }
    return h;
  }

  /**
   * Retention: an identifier quiet for {@code profile.retention} is forgotten. The timer is set
   * once and moved only when it fires, not on every event; it only frees the state ({@link
   * #current} decides expiry).
   */
  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<MemberUpdate> out) throws Exception {
    MemberHistory h = history.value(ctx.getCurrentKey());
    if (h == null || time != h.retentionTimer) {
      return;
    }
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // The end of all time (a drained stop, not a replay: the gate ends those earlier): nothing
      // has really passed; the next event re-arms it.
      h.retentionTimer = Long.MIN_VALUE;
      history.update(ctx.getCurrentKey(), h);
      return;
    }
    if (time >= h.lastEventTs + retentionMs) {
      history.clear(ctx.getCurrentKey());
      return;
    }
    h.retentionTimer = h.lastEventTs + retentionMs;
    ctx.timerService().registerEventTimeTimer(h.retentionTimer);
    history.update(ctx.getCurrentKey(), h);
  }

  private static void moveTo(
      String key,
      MemberHistory h,
      String canonical,
      long at,
      long seq,
      Collector<MemberUpdate> out) {
    out.collect(MemberUpdate.left(h.canonical, key, canonical, at, seq));
    h.canonical = canonical;
    out.collect(MemberUpdate.of(key, h, at, "merge", seq));
  }

  /** Adds a paid order or subtracts a refund; true if a new paid order was counted. */
  private boolean applyPurchase(MemberHistory h, PurchaseEvent p) {
    long ts = p.header().ts();
    int known = h.orderIndex(p.orderId());
    if (p.status() == PurchaseStatus.PAID) {
      if (known >= 0 || ts <= h.clock - windowMs) {
        return false; // already counted, or too old to matter for the window
      }
      h.addOrder(p.orderId(), ts, p.amountFen());
      h.lifetimeOrders++;
      h.lifetimeNetFen += p.amountFen();
      h.purchasedAt(ts);
      countOrderBehaviour(h, p);
      return true;
    }
    if (known >= 0) {
      long refund = Math.min(p.amountFen(), h.orderNetFen[known]);
      h.orderNetFen[known] -= refund;
      h.lifetimeNetFen -= refund;
    }
    return false; // a refund of an order outside the window (or never seen) leaves RFM as is
  }

  /** Counts what every new event says about preferences, reach and card collecting. */
  private void countBehaviour(MemberHistory h, CustomerEvent event) {
    h.channels.add(event.header().channel(), 1);
    ScanEvent scan = event.scan();
    if (scan != null) {
      h.scans++;
      if (scan.reward() != null
          && scan.reward().type() == RewardType.CARD
          && scan.campaignId() != null
          && cards.containsKey(scan.campaignId())) {
        int card = cards.get(scan.campaignId()).indexOf(scan.reward().card());
        if (card >= 0) {
          h.collectCard(scan.campaignId(), card);
        }
      }
    }
    if (event.interaction() != null && event.interaction().type() == InteractionType.GUIDE_ADD) {
      h.guide(event.header().guideId(), event.header().ts());
    }
  }

  /** Counts what a newly paid order says: coupon use, online or in store, categories, guide. */
  private static void countOrderBehaviour(MemberHistory h, PurchaseEvent p) {
    if (p.couponId() != null) {
      h.couponOrders++;
    }
    if (STORE_CHANNEL.equals(p.header().channel())) {
      h.boughtInStore = true;
    } else {
      h.boughtOnline = true;
    }
    for (LineItem item : p.items()) {
      h.categories.add(item.category(), item.qty());
    }
    h.guide(p.header().guideId(), p.header().ts());
  }
}
