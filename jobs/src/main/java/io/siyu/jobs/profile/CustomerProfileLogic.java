package io.siyu.jobs.profile;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.ProfileConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link CustomerProfileFunction} does to one customer's profile, without Flink: applying an
 * identifier's update (lifecycle, RFM, tags, CLV) and firing the customer's own timer (ageing,
 * recency drops, clean-up). The caller keeps the {@link CustomerState}s (Flink keyed state in the
 * job, a map in the benchmark's baseline), holds and orders the updates, and registers the timer
 * {@link Output} asks for; {@link CustomerState#timer} always names it, so a caller without timers
 * can fire it itself ({@link #timersBefore}).
 */
public final class CustomerProfileLogic implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What the profile emits, and its timer. */
  public interface Output {
    void update(ProfileUpdate u);

    void transition(LifecycleTransition t);

    void tagChange(TagChange c);

    void registerTimer(long time);

    void deleteTimer(long time);
  }

  private final LifecyclePolicy lifecycle;
  private final RfmModel rfm;
  private final TagRules tagRules;
  private final ClvModel clv;
  private final long retentionMs;

  public CustomerProfileLogic(ProfileConfig config, Map<String, CampaignConfig> campaigns) {
    this.lifecycle = new LifecyclePolicy(config.lifecycle());
    this.rfm = new RfmModel(config.rfm());
    this.tagRules = new TagRules(config.tags(), campaigns);
    this.clv = new ClvModel(config.clv());
    this.retentionMs = config.retention().toMillis();
  }

  /**
   * Fires the customer's own timer (ageing or clean-up) while it falls before {@code bound};
   * returns the state after (null: the customer is gone).
   */
  public CustomerState timersBefore(String key, CustomerState s, long bound, Output out) {
    while (s != null && s.timer != Long.MIN_VALUE && s.timer < bound) {
      long time = s.timer;
      boolean retentionTimer = s.retentionTimer;
      s.timer = Long.MIN_VALUE;
      s.retentionTimer = false;
      if (retentionTimer && time >= s.lastEventTs + retentionMs) {
        // Quiet for the whole retention and nothing left for time to change: a gone customer.
        return null;
      }
      evaluate(key, s, Math.max(s.clock, time), time, "ageing", out);
      if (s.timer != Long.MIN_VALUE && s.timer <= time) {
        break; // no progress (cannot happen: every next instant is later); never loop forever
      }
    }
    return s;
  }

  /** Applies one update; returns the state after it (null: the customer is gone). */
  public CustomerState apply(String key, CustomerState s, MemberUpdate u, Output out) {
    if (u.history() == null) {
      return memberLeft(key, s, u, out);
    }
    if (s == null) {
      s = new CustomerState();
      s.firstSeen = u.history().firstSeen;
      s.stageSince = s.firstSeen;
      out.transition(new LifecycleTransition(key, null, s.stage, s.firstSeen, "first_seen"));
    }
    boolean joined = s.put(u.memberKey(), u.history());
    if (s.mergedInto != null) {
      return s; // leaving: outputs would show a half-merged customer
    }
    long now = Math.max(s.clock, u.at());
    String cause = joined && s.members.length > 1 ? "merge" : u.cause();
    evaluate(key, s, now, u.at(), cause, out);
    return s;
  }

  /**
   * An identifier left for another customer; the last one to leave closes this profile (returns
   * null).
   */
  private CustomerState memberLeft(String key, CustomerState s, MemberUpdate u, Output out) {
    if (s == null) {
      return null;
    }
    s.remove(u.memberKey());
    s.mergedInto = u.movedTo();
    if (s.members.length > 0) {
      return s;
    }
    if (s.timer != Long.MIN_VALUE) {
      out.deleteTimer(s.timer);
    }
    // The closing row shows the stage as of the merge: ageing due at that very instant included,
    // as any other update's evaluation would.
    age(key, s, Math.max(s.clock, u.at()), out);
    s.version++;
    out.update(
        new ProfileUpdate(
            key,
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
  private void evaluate(String key, CustomerState s, long now, long at, String cause, Output out) {
    s.clock = now;
    MemberHistory h = MemberHistory.merge(s.members);
    h.pruneOrders(now, rfm.windowMs());
    s.firstSeen = Math.min(s.firstSeen, h.firstSeen);
    s.lastEventTs = Math.max(s.lastEventTs, h.lastEventTs);
    age(key, s, now, out);
    LifecycleStage target =
        lifecycle.stageAt(h.lifetimeOrders, h.lastPurchaseTs, h.previousPurchaseTs, now);
    if (target != s.stage) {
      transition(key, s, target, at, cause, out);
    }
    s.lastPurchaseTs = h.lastPurchaseTs;
    rescore(s, h, now);
    retag(key, s, h, now, out);
    reschedule(s, h, now, out);
    // Built as the next version; the content hash leaves the version out.
    ProfileUpdate next = snapshot(key, s.version + 1, s, h, now);
    long hash = next.contentHash();
    if (hash != s.emittedHash || s.version == 0) {
      s.emittedHash = hash;
      s.version = next.version();
      out.update(next);
    }
  }

  /** Moves the stage as quiet time since the last purchase dictates at {@code now}. */
  private void age(String key, CustomerState s, long now, Output out) {
    LifecycleStage next;
    while ((next = lifecycle.aged(s.stage, s.lastPurchaseTs, now)) != s.stage) {
      // Step through each threshold crossed, stamped with the instant it was crossed.
      long at = lifecycle.nextAgeing(s.stage, s.lastPurchaseTs);
      LifecycleStage step = lifecycle.aged(s.stage, s.lastPurchaseTs, at);
      transition(key, s, step, at, "ageing", out);
      if (step == next) {
        break;
      }
    }
  }

  private void retag(String key, CustomerState s, MemberHistory h, long now, Output out) {
    CustomerTags tags = tagRules.evaluate(h);
    if (tags.equals(s.tags)) {
      return;
    }
    List<TagChange> changes = new ArrayList<>(2);
    TagRules.diff(key, s.tags, tags, now, changes);
    for (TagChange c : changes) {
      out.tagChange(c);
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
  private void reschedule(CustomerState s, MemberHistory h, long now, Output out) {
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
      out.deleteTimer(s.timer);
    }
    s.timer = next;
    out.registerTimer(s.timer);
  }

  private static void transition(
      String key, CustomerState s, LifecycleStage to, long at, String cause, Output out) {
    out.transition(new LifecycleTransition(key, s.stage, to, at, cause));
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
