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
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link MemberProfileFunction} does to one identifier's history per message, without Flink:
 * the caller keeps the histories (Flink keyed state in the job, a map in the benchmark's baseline)
 * and the retention timer, and gets the outputs through {@link Output}.
 */
public final class MemberProfileLogic implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The channel of purchases made in a store (everything else counts as online). */
  static final String STORE_CHANNEL = "store_pos";

  /** What applying a message emits. */
  public interface Output {
    /** An update for the identifier's customer (or the one it left). */
    void update(MemberUpdate u);

    /** Every event, re-sends too, with its customer at that moment (the journeys' input). */
    void resolved(ResolvedEvent e);

    /** The event was applied (not a re-send), with its customer at that moment. */
    void accepted(ResolvedEvent e);

    /** The event was a re-send of one the history holds: dropped. */
    void duplicate();

    /** The history's retention timer is set to {@code time} (only when it had none). */
    void retentionTimer(long time);
  }

  private final long windowMs;
  private final long retentionMs;
  private final Map<String, List<String>> cards = new HashMap<>();

  public MemberProfileLogic(ProfileConfig config, Map<String, CampaignConfig> campaigns) {
    this.windowMs = config.rfm().window().toMillis();
    this.retentionMs = config.retention().toMillis();
    campaigns.forEach((id, c) -> cards.put(id, c.cards()));
  }

  public long retentionMs() {
    return retentionMs;
  }

  /**
   * True if the history has been quiet for the whole retention by {@code at}: it is forgotten (the
   * caller replaces it by {@link #forget} before applying the next message).
   */
  public boolean expired(MemberHistory h, long at) {
    return h != null && !h.forgotten && at >= h.lastEventTs + retentionMs;
  }

  /** What the caller keeps of an expired history: its customer. */
  public MemberHistory forget(MemberHistory h) {
    return MemberHistory.forgottenOf(h.canonical);
  }

  /**
   * Applies {@code m} at record time {@code at} to the history {@code h} of the identifier {@code
   * key} (null if it has none; {@link MemberHistory#forgotten} if it expired). Returns the history
   * to store, or null if nothing is to be written (a re-point of an identifier without a history, a
   * plain re-send).
   */
  public MemberHistory apply(String key, MemberHistory h, IdentityMessage m, long at, Output out) {
    // An event that went past the identity graph belongs to the customer of its identifier.
    String canonical = m.canonical() != null ? m.canonical() : h == null ? null : h.canonical;
    if (canonical == null) {
      throw new IllegalStateException(
          "identifier "
              + key
              + " has no customer yet, but event "
              + m.eventId()
              + " went past the identity graph: the graph must see an identifier first");
    }
    boolean live = h != null && !h.forgotten;
    if (m.event() == null && m.credit() == null) {
      // A re-point: an identifier without a history has nothing to move.
      if (h != null && !h.canonical.equals(canonical)) {
        if (live) {
          moveTo(key, h, canonical, at, m, out);
        } else {
          h.canonical = canonical;
        }
        return h;
      }
      return null;
    }
    boolean moved = false;
    if (!live) {
      h = new MemberHistory();
      h.canonical = canonical;
    } else if (!h.canonical.equals(canonical)) {
      moveTo(key, h, canonical, at, m, out); // defensive: re-points always come first
      moved = true;
    }
    String cause;
    ResolvedEvent resolved = null;
    if (m.credit() != null) {
      // An inviter may be known only from the invitations they sent: first seen then.
      h.saw(at);
      h.credit(m.credit(), m.level());
      cause = "referral";
    } else {
      CustomerEvent e = m.event();
      resolved = new ResolvedEvent(h.canonical, e, m.referrer());
      out.resolved(resolved);
      if (h.seenRecently(e.header().eventId())) {
        out.duplicate(); // a re-send: nothing changed, nothing to write
        return moved ? h : null;
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
        out.retentionTimer(h.retentionTimer);
      }
    }
    out.update(MemberUpdate.of(key, h, at, cause, m));
    if (resolved != null) {
      out.accepted(resolved);
    }
    return h;
  }

  private static void moveTo(
      String key, MemberHistory h, String canonical, long at, IdentityMessage m, Output out) {
    out.update(MemberUpdate.left(h.canonical, key, canonical, at, m));
    h.canonical = canonical;
    out.update(MemberUpdate.of(key, h, at, "merge", m));
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
