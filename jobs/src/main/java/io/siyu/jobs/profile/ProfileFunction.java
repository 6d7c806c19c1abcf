package io.siyu.jobs.profile;

import io.siyu.jobs.config.ProfileConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps one customer's profile: orders and net spend (refunds subtract), RFM over the rolling
 * window, and the lifecycle stage. Emits a {@link ProfileUpdate} whenever the profile changes and a
 * {@link LifecycleTransition} (side output) whenever the stage does.
 *
 * <p>Event time throughout: ageing (AT_RISK, DORMANT, CHURNED, recency scores dropping, orders
 * leaving the window) happens on event-time timers, so a replay gives the stages live processing
 * gave. The final watermark of a bounded replay ({@code Long.MAX_VALUE}) fires every timer; those
 * firings are ignored, so a replay never ages customers past the last event time it saw.
 *
 * <p>One state read and one write per event. Producer re-sends are dropped by the recent event ids
 * kept in the state; a paid order counts once by its order id.
 */
public class ProfileFunction extends KeyedProcessFunction<String, CustomerEvent, ProfileUpdate> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<LifecycleTransition> TRANSITIONS =
      new OutputTag<>("lifecycle-transitions", TypeInformation.of(LifecycleTransition.class));

  public static final OutputTag<TagChange> TAG_CHANGES =
      new OutputTag<>("tag-changes", TypeInformation.of(TagChange.class));

  /** The channel of purchases made in a store (everything else counts as online). */
  static final String STORE_CHANNEL = "store_pos";

  /** The state descriptor, shared with tests that inspect state. */
  public static ValueStateDescriptor<ProfileState> stateDescriptor() {
    return new ValueStateDescriptor<>("profile", TypeInformation.of(ProfileState.class));
  }

  private final LifecyclePolicy lifecycle;
  private final RfmModel rfm;
  private final TagRules tagRules;
  private final long retentionMs;
  private transient ValueState<ProfileState> profile;
  private transient Counter duplicates;

  public ProfileFunction(ProfileConfig config) {
    this.lifecycle = new LifecyclePolicy(config.lifecycle());
    this.rfm = new RfmModel(config.rfm());
    this.tagRules = new TagRules(config.tags());
    this.retentionMs = config.retention().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    profile = getRuntimeContext().getState(stateDescriptor());
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<ProfileUpdate> out)
      throws Exception {
    long ts = event.header().ts();
    ProfileState s = profile.value();
    boolean changed = false;
    if (s == null) {
      s = new ProfileState();
      s.firstSeen = ts;
      s.stageSince = ts;
      ctx.output(
          TRANSITIONS,
          new LifecycleTransition(ctx.getCurrentKey(), null, s.stage, ts, "first_seen"));
      changed = true;
    }
    if (s.seenRecently(event.header().eventId())) {
      duplicates.inc();
      profile.update(s);
      return;
    }
    // Per customer, time only moves forward: a late event is evaluated at the latest time seen.
    long now = Math.max(s.clock, ts);
    s.clock = now;
    s.lastEventTs = Math.max(s.lastEventTs, ts);
    s.firstSeen = Math.min(s.firstSeen, ts);
    changed |= age(s, now, ctx);
    countBehaviour(s, event);
    if (event.purchase() != null) {
      changed |= applyPurchase(s, event.purchase(), ctx);
    }
    changed |= rescore(s, now);
    changed |= retag(s, now, ctx);
    reschedule(s, now, ctx);
    if (changed) {
      s.version++;
      out.collect(snapshot(ctx.getCurrentKey(), s, now));
    }
    profile.update(s);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<ProfileUpdate> out)
      throws Exception {
    ProfileState s = profile.value();
    if (s == null || time != s.timer) {
      return;
    }
    boolean retentionTimer = s.retentionTimer;
    s.timer = Long.MIN_VALUE;
    s.retentionTimer = false;
    if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of a bounded input: nothing has really happened at this time.
      profile.update(s);
      return;
    }
    if (retentionTimer) {
      if (time >= s.lastEventTs + retentionMs) {
        // Quiet for the whole retention and nothing left for time to change: a gone customer.
        profile.clear();
        return;
      }
      // Events came since the timer was set; it is moved here, lazily, not on every event.
      reschedule(s, time, ctx);
      profile.update(s);
      return;
    }
    s.clock = Math.max(s.clock, time);
    boolean changed = age(s, time, ctx) | rescore(s, time) | retag(s, time, ctx);
    reschedule(s, time, ctx);
    if (changed) {
      s.version++;
      out.collect(snapshot(ctx.getCurrentKey(), s, time));
    }
    profile.update(s);
  }

  /** Moves the stage as quiet time since the last purchase dictates at {@code now}. */
  private boolean age(ProfileState s, long now, Context ctx) {
    boolean changed = false;
    LifecycleStage next;
    while ((next = lifecycle.aged(s.stage, s.lastPurchaseTs, now)) != s.stage) {
      // Step through each threshold crossed, stamped with the instant it was crossed.
      long at = lifecycle.nextAgeing(s.stage, s.lastPurchaseTs);
      LifecycleStage step = lifecycle.aged(s.stage, s.lastPurchaseTs, at);
      transition(s, step, at, "ageing", ctx);
      changed = true;
      if (step == next) {
        break;
      }
    }
    return changed;
  }

  private boolean applyPurchase(ProfileState s, PurchaseEvent p, Context ctx) {
    long ts = p.header().ts();
    int known = s.orderIndex(p.orderId());
    if (p.status() == PurchaseStatus.PAID) {
      if (known >= 0 || (ts <= s.clock - rfm.windowMs())) {
        return false; // already counted, or too old to matter for the window
      }
      s.addOrder(p.orderId(), ts, p.amountFen());
      countOrderBehaviour(s, p);
      s.lifetimeOrders++;
      s.lifetimeNetFen += p.amountFen();
      s.firstPurchaseTs =
          s.firstPurchaseTs == Long.MIN_VALUE ? ts : Math.min(s.firstPurchaseTs, ts);
      if (ts > s.lastPurchaseTs) {
        s.previousPurchaseTs = s.lastPurchaseTs;
        s.lastPurchaseTs = ts;
      } else if (ts > s.previousPurchaseTs) {
        s.previousPurchaseTs = ts; // a late purchase between the last two
      }
      LifecycleStage next =
          lifecycle.stageAt(s.lifetimeOrders, s.lastPurchaseTs, s.previousPurchaseTs, s.clock);
      if (next != s.stage) {
        transition(s, next, ts, "purchase", ctx);
      }
      return true;
    }
    if (known < 0) {
      return false; // a refund of an order outside the window (or never seen) leaves RFM as is
    }
    long refund = Math.min(p.amountFen(), s.orderNetFen[known]);
    s.orderNetFen[known] -= refund;
    s.lifetimeNetFen -= refund;
    return refund > 0;
  }

  /** Counts what every new event says about preferences and reach. */
  private static void countBehaviour(ProfileState s, CustomerEvent event) {
    s.channels.add(event.header().channel(), 1);
    if (event.scan() != null) {
      s.scans++;
    }
    if (event.interaction() != null
        && event.interaction().type() == InteractionType.GUIDE_ADD
        && event.header().guideId() != null) {
      s.guideId = event.header().guideId();
    }
  }

  /** Counts what a newly paid order says: coupon use, online or in store, categories, guide. */
  private static void countOrderBehaviour(ProfileState s, PurchaseEvent p) {
    if (p.couponId() != null) {
      s.couponOrders++;
    }
    if (STORE_CHANNEL.equals(p.header().channel())) {
      s.boughtInStore = true;
    } else {
      s.boughtOnline = true;
    }
    for (LineItem item : p.items()) {
      s.categories.add(item.category(), item.qty());
    }
    if (p.header().guideId() != null) {
      s.guideId = p.header().guideId();
    }
  }

  private boolean retag(ProfileState s, long now, Context ctx) {
    CustomerTags tags = tagRules.evaluate(s);
    if (tags.equals(s.tags)) {
      return false;
    }
    List<TagChange> changes = new ArrayList<>(2);
    TagRules.diff(ctx.getCurrentKey(), s.tags, tags, now, changes);
    for (TagChange c : changes) {
      ctx.output(TAG_CHANGES, c);
    }
    s.tags = tags;
    return true;
  }

  private boolean rescore(ProfileState s, long now) {
    s.pruneOrders(now, rfm.windowMs());
    RfmScore score =
        s.lastPurchaseTs == Long.MIN_VALUE
            ? RfmScore.NONE
            : rfm.score(now - s.lastPurchaseTs, s.windowOrders(), s.windowNetFen());
    if (score.segment() == s.segment
        && score.recency() == s.rfmRecency
        && score.frequency() == s.rfmFrequency
        && score.monetary() == s.rfmMonetary) {
      return false;
    }
    s.segment = score.segment();
    s.rfmRecency = score.recency();
    s.rfmFrequency = score.frequency();
    s.rfmMonetary = score.monetary();
    return true;
  }

  /**
   * One timer per customer: the next instant at which time alone changes the profile, or, when
   * nothing can change any more, the end of the retention, when the state is dropped.
   */
  private void reschedule(ProfileState s, long now, Context ctx) {
    long next = lifecycle.nextAgeing(s.stage, s.lastPurchaseTs);
    if (s.orderIds.length > 0) {
      next = Math.min(next, s.oldestOrderTs() + rfm.windowMs());
      long drop = rfm.nextRecencyDrop(now - s.lastPurchaseTs);
      if (drop != Long.MAX_VALUE) {
        next = Math.min(next, now + drop);
      }
    }
    boolean retention = next == Long.MAX_VALUE;
    if (retention) {
      if (s.retentionTimer) {
        return; // an earlier retention timer stands; it re-arms itself when it fires
      }
      next = s.lastEventTs + retentionMs;
    }
    s.retentionTimer = retention;
    if (next == s.timer) {
      return;
    }
    if (s.timer != Long.MIN_VALUE) {
      ctx.timerService().deleteEventTimeTimer(s.timer);
    }
    s.timer = next == Long.MAX_VALUE ? Long.MIN_VALUE : next;
    if (s.timer != Long.MIN_VALUE) {
      ctx.timerService().registerEventTimeTimer(s.timer);
    }
  }

  private static void transition(
      ProfileState s, LifecycleStage to, long at, String cause, Context ctx) {
    ctx.output(TRANSITIONS, new LifecycleTransition(ctx.getCurrentKey(), s.stage, to, at, cause));
    s.stage = to;
    s.stageSince = at;
  }

  private static ProfileUpdate snapshot(String key, ProfileState s, long now) {
    return new ProfileUpdate(
        key,
        s.version,
        now,
        s.stage,
        s.stageSince,
        s.firstSeen,
        s.firstPurchaseTs,
        s.lastPurchaseTs,
        s.lifetimeOrders,
        s.lifetimeNetFen,
        s.windowOrders(),
        s.windowNetFen(),
        s.rfmRecency,
        s.rfmFrequency,
        s.rfmMonetary,
        s.segment,
        s.tags);
  }
}
