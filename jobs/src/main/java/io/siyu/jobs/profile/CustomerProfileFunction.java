package io.siyu.jobs.profile;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.ProfileConfig;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps one customer's profile under their canonical id: the histories of their identifiers (from
 * {@link MemberProfileFunction}), merged, give RFM over the rolling window, the lifecycle stage,
 * the tags and CLV. Emits a {@link ProfileUpdate} whenever what a reader sees changes, a {@link
 * LifecycleTransition} whenever the stage does and a {@link TagChange} per tag that changes.
 *
 * <p>Event time throughout: updates are held until the watermark passes them and applied in the
 * order identity resolution decided them ((time, sequence): a customer's updates come from several
 * upstream subtasks, so their arrival order means nothing); ageing (AT_RISK, DORMANT, CHURNED,
 * recency scores dropping, orders leaving the window) and clean-up happen at their exact instants
 * between them. So the path of stages, the tag changes and the versions are the same live and in
 * any replay, at any parallelism (README "Event time").
 *
 * <p>Merges (OneID): a new identifier joining brings its whole history; the stage is recomputed
 * from the merged purchases (cause {@code merge}). A customer whose identifiers all left for
 * another emits a last update naming it ({@code mergedInto}) and is dropped.
 */
public class CustomerProfileFunction
    extends KeyedProcessFunction<String, MemberUpdate, ProfileUpdate> implements WriteBackFunction {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<LifecycleTransition> TRANSITIONS =
      new OutputTag<>("lifecycle-transitions", TypeInformation.of(LifecycleTransition.class));

  public static final OutputTag<TagChange> TAG_CHANGES =
      new OutputTag<>("tag-changes", TypeInformation.of(TagChange.class));

  /** The state descriptor, shared with tests that inspect state. */
  public static ValueStateDescriptor<CustomerState> stateDescriptor() {
    return new ValueStateDescriptor<>("customer-profile", TypeInformation.of(CustomerState.class));
  }

  /** A customer's updates not yet passed by the watermark, in (time, sequence) order. */
  public static ValueStateDescriptor<List<MemberUpdate>> pendingDescriptor() {
    return new ValueStateDescriptor<>(
        "customer-pending-updates", Types.LIST(TypeInformation.of(MemberUpdate.class)));
  }

  private final LifecyclePolicy lifecycle;
  private final RfmModel rfm;
  private final TagRules tagRules;
  private final ClvModel clv;
  private final long retentionMs;
  private final int cacheEntries;
  private transient WriteBackValueState<String, CustomerState> profile;
  private transient WriteBackValueState<String, List<MemberUpdate>> pending;

  public CustomerProfileFunction(ProfileConfig config, Map<String, CampaignConfig> campaigns) {
    this.lifecycle = new LifecyclePolicy(config.lifecycle());
    this.rfm = new RfmModel(config.rfm());
    this.tagRules = new TagRules(config.tags(), campaigns);
    this.clv = new ClvModel(config.clv());
    this.retentionMs = config.retention().toMillis();
    this.cacheEntries = config.stateCacheEntries();
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(profile, pending);
  }

  @Override
  public void open(OpenContext openContext) {
    profile =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup());
    pending =
        new WriteBackValueState<>(
            getRuntimeContext().getState(pendingDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup().addGroup("pending"));
  }

  /**
   * Holds the update until the watermark passes its time: a customer's updates come from several
   * upstream subtasks (one per identifier), so they arrive interleaved in no fixed order; {@link
   * #onTimer} applies them in the order identity resolution decided them.
   */
  @Override
  public void processElement(MemberUpdate u, Context ctx, Collector<ProfileUpdate> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    List<MemberUpdate> held = pending.value(key);
    if (held == null) {
      held = new ArrayList<>(2);
    }
    int i = held.size();
    while (i > 0 && u.before(held.get(i - 1))) {
      i--;
    }
    held.add(i, u);
    pending.update(key, held);
    ctx.timerService().registerEventTimeTimer(u.at());
  }

  /**
   * Brings the customer to {@code time}: applies the held updates up to it in (time, sequence)
   * order and, between them, every ageing step, recency drop or clean-up that falls before the next
   * update — exactly what a live run sees whatever the watermark's steps were, since an update at
   * the very instant of a timer comes first there too (it arrives before the watermark reaches it).
   */
  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<ProfileUpdate> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    CustomerState s = profile.value(key);
    List<MemberUpdate> held = pending.value(key);
    if (held != null && !held.isEmpty() && held.get(0).at() <= time) {
      int applied = 0;
      for (MemberUpdate u : held) {
        if (u.at() > time) {
          break;
        }
        s = timersBefore(s, u.at(), ctx, out);
        s = apply(s, u, ctx, out);
        applied++;
      }
      if (applied == held.size()) {
        pending.clear(key);
      } else {
        List<MemberUpdate> rest = new ArrayList<>(held.subList(applied, held.size()));
        pending.update(key, rest);
        // Moving the customer's own timer may have deleted the one timer at a held update's
        // instant (Flink keeps one per key and time): the next held update always has one.
        ctx.timerService().registerEventTimeTimer(rest.get(0).at());
      }
    }
    if (ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
      s = timersBefore(s, time + 1, ctx, out);
    } else if (s != null && s.timer != Long.MIN_VALUE && s.timer <= time) {
      // A drained stop ends all time: nothing has really happened at these instants. The timer
      // is spent, so forget it: the next update re-arms it (also after a restore).
      s.timer = Long.MIN_VALUE;
      s.retentionTimer = false;
    }
    if (s == null) {
      profile.clear(key);
    } else {
      profile.update(key, s);
    }
  }

  /** Fires the customer's own timer (ageing or clean-up) while it falls before {@code bound}. */
  private CustomerState timersBefore(
      CustomerState s, long bound, Context ctx, Collector<ProfileUpdate> out) {
    while (s != null && s.timer != Long.MIN_VALUE && s.timer < bound) {
      long time = s.timer;
      boolean retentionTimer = s.retentionTimer;
      s.timer = Long.MIN_VALUE;
      s.retentionTimer = false;
      if (retentionTimer && time >= s.lastEventTs + retentionMs) {
        // Quiet for the whole retention and nothing left for time to change: a gone customer.
        return null;
      }
      evaluate(s, Math.max(s.clock, time), time, "ageing", ctx, out);
      if (s.timer != Long.MIN_VALUE && s.timer <= time) {
        break; // no progress (cannot happen: every next instant is later); never loop forever
      }
    }
    return s;
  }

  /** Applies one update; returns the state after it (null: the customer is gone). */
  private CustomerState apply(
      CustomerState s, MemberUpdate u, Context ctx, Collector<ProfileUpdate> out) {
    if (u.history() == null) {
      return memberLeft(s, u, ctx, out);
    }
    if (s == null) {
      s = new CustomerState();
      s.firstSeen = u.history().firstSeen;
      s.stageSince = s.firstSeen;
      ctx.output(
          TRANSITIONS,
          new LifecycleTransition(ctx.getCurrentKey(), null, s.stage, s.firstSeen, "first_seen"));
    }
    boolean joined = s.put(u.memberKey(), u.history());
    if (s.mergedInto != null) {
      return s; // leaving: outputs would show a half-merged customer
    }
    long now = Math.max(s.clock, u.at());
    String cause = joined && s.members.length > 1 ? "merge" : u.cause();
    evaluate(s, now, u.at(), cause, ctx, out);
    return s;
  }

  /**
   * An identifier left for another customer; the last one to leave closes this profile (returns
   * null).
   */
  private CustomerState memberLeft(
      CustomerState s, MemberUpdate u, Context ctx, Collector<ProfileUpdate> out) {
    if (s == null) {
      return null;
    }
    s.remove(u.memberKey());
    s.mergedInto = u.movedTo();
    if (s.members.length > 0) {
      return s;
    }
    if (s.timer != Long.MIN_VALUE) {
      ctx.timerService().deleteEventTimeTimer(s.timer);
    }
    // The closing row shows the stage as of the merge: ageing due at that very instant included,
    // as any other update's evaluation would.
    age(s, Math.max(s.clock, u.at()), ctx);
    s.version++;
    out.collect(
        new ProfileUpdate(
            ctx.getCurrentKey(),
            s.version,
            Math.max(s.clock, u.at()),
            s.stage,
            s.stageSince,
            s.firstSeen,
            Long.MIN_VALUE,
            Long.MIN_VALUE,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            RfmSegment.NONE,
            CustomerTags.NONE,
            0,
            0,
            0,
            0,
            s.mergedInto));
    return null;
  }

  /**
   * Brings the profile to time {@code now}: ages the stage through every threshold crossed, moves
   * it to what the merged purchases say ({@code cause} at {@code at}), rescores, retags, re-arms
   * the timer, and emits an update if anything a reader sees changed.
   */
  private void evaluate(
      CustomerState s, long now, long at, String cause, Context ctx, Collector<ProfileUpdate> out) {
    s.clock = now;
    MemberHistory h = MemberHistory.merge(s.members);
    h.pruneOrders(now, rfm.windowMs());
    s.firstSeen = Math.min(s.firstSeen, h.firstSeen);
    s.lastEventTs = Math.max(s.lastEventTs, h.lastEventTs);
    age(s, now, ctx);
    LifecycleStage target =
        lifecycle.stageAt(h.lifetimeOrders, h.lastPurchaseTs, h.previousPurchaseTs, now);
    if (target != s.stage) {
      transition(s, target, at, cause, ctx);
    }
    s.lastPurchaseTs = h.lastPurchaseTs;
    rescore(s, h, now);
    retag(s, h, now, ctx);
    reschedule(s, h, now, ctx);
    // Built as the next version; the content hash leaves the version out.
    ProfileUpdate next = snapshot(ctx.getCurrentKey(), s.version + 1, s, h, now);
    long hash = next.contentHash();
    if (hash != s.emittedHash || s.version == 0) {
      s.emittedHash = hash;
      s.version = next.version();
      out.collect(next);
    }
  }

  /** Moves the stage as quiet time since the last purchase dictates at {@code now}. */
  private void age(CustomerState s, long now, Context ctx) {
    LifecycleStage next;
    while ((next = lifecycle.aged(s.stage, s.lastPurchaseTs, now)) != s.stage) {
      // Step through each threshold crossed, stamped with the instant it was crossed.
      long at = lifecycle.nextAgeing(s.stage, s.lastPurchaseTs);
      LifecycleStage step = lifecycle.aged(s.stage, s.lastPurchaseTs, at);
      transition(s, step, at, "ageing", ctx);
      if (step == next) {
        break;
      }
    }
  }

  private void retag(CustomerState s, MemberHistory h, long now, Context ctx) {
    CustomerTags tags = tagRules.evaluate(h);
    if (tags.equals(s.tags)) {
      return;
    }
    List<TagChange> changes = new ArrayList<>(2);
    TagRules.diff(ctx.getCurrentKey(), s.tags, tags, now, changes);
    for (TagChange c : changes) {
      ctx.output(TAG_CHANGES, c);
    }
    s.tags = tags;
  }

  private void rescore(CustomerState s, MemberHistory h, long now) {
    RfmScore score =
        h.lastPurchaseTs == Long.MIN_VALUE
            ? RfmScore.NONE
            : rfm.score(now - h.lastPurchaseTs, h.windowOrders(), h.windowNetFen());
    s.segment = score.segment();
    s.rfmRecency = score.recency();
    s.rfmFrequency = score.frequency();
    s.rfmMonetary = score.monetary();
  }

  /**
   * One timer per customer: the next instant at which time alone changes the profile, or, when
   * nothing can change any more, the end of the retention, when the state is dropped.
   */
  private void reschedule(CustomerState s, MemberHistory h, long now, Context ctx) {
    long next = lifecycle.nextAgeing(s.stage, s.lastPurchaseTs);
    if (h.orderIds.length > 0) {
      next = Math.min(next, h.oldestOrderTs() + rfm.windowMs());
      long drop = rfm.nextRecencyDrop(now - h.lastPurchaseTs);
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
    s.timer = next;
    ctx.timerService().registerEventTimeTimer(s.timer);
  }

  private static void transition(
      CustomerState s, LifecycleStage to, long at, String cause, Context ctx) {
    ctx.output(TRANSITIONS, new LifecycleTransition(ctx.getCurrentKey(), s.stage, to, at, cause));
    s.stage = to;
    s.stageSince = at;
  }

  private ProfileUpdate snapshot(
      String key, long version, CustomerState s, MemberHistory h, long now) {
    long windowNet = h.windowNetFen();
    return new ProfileUpdate(
        key,
        version,
        now,
        s.stage,
        s.stageSince,
        s.firstSeen,
        h.firstPurchaseTs,
        h.lastPurchaseTs,
        h.lifetimeOrders,
        h.lifetimeNetFen,
        h.windowOrders(),
        windowNet,
        s.rfmRecency,
        s.rfmFrequency,
        s.rfmMonetary,
        s.segment,
        s.tags,
        h.invitesAccepted,
        h.inviteesBought,
        h.fissionDepth,
        clv.predictedFen(s.stage, windowNet),
        null);
  }
}
