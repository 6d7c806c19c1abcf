package io.siyu.jobs.profile;

import io.siyu.jobs.identity.Credit;
import java.util.Arrays;

/**
 * What one identifier of a customer has done: orders (while inside the RFM window; older ones live
 * on in the lifetime totals), the behaviour behind the tags, referral credits. The unit that moves
 * when two customers merge (OneID): a customer's profile is the merge of their identifiers'
 * histories ({@link #merge}), and every model (lifecycle, RFM, tags, CLV) is a function of it.
 *
 * <p>A Flink POJO: public fields, arrays rather than collections, so Flink serializes it without
 * Kryo. Times are event time, epoch millis; {@code Long.MIN_VALUE} means never.
 */
public class MemberHistory implements Cloneable {
  private static final int[] NO_RECENT_EVENTS = new int[0];

  /**
   * Event ids seen last, as 32-bit hashes: catches producer re-sends, which arrive within a few
   * events of the original. 16 × 4 bytes per identifier; a false match needs one of 16 hashes to
   * collide (about 4 in a billion per event).
   */
  static final int RECENT_EVENTS = 16;

  /** The customer (canonical id) this identifier belongs to now. */
  public String canonical;

  public long firstSeen = Long.MAX_VALUE;
  public long lastEventTs = Long.MIN_VALUE;

  /** The latest event time seen: never goes back. */
  public long clock = Long.MIN_VALUE;

  public int lifetimeOrders;
  public long lifetimeNetFen;
  public long firstPurchaseTs = Long.MIN_VALUE;
  public long lastPurchaseTs = Long.MIN_VALUE;

  /** The latest purchase before {@link #lastPurchaseTs} (win-back is a long gap between them). */
  public long previousPurchaseTs = Long.MIN_VALUE;

  public String[] orderIds = new String[0];
  public long[] orderTs = new long[0];
  public long[] orderNetFen = new long[0];
  public int[] recentEvents = new int[RECENT_EVENTS];
  public int recentNext;

  // Behaviour behind the tags (lifetime counts; refunds do not undo them).
  public int scans;
  public int couponOrders;
  public boolean boughtOnline;
  public boolean boughtInStore;
  public String guideId;
  public long guideTs = Long.MIN_VALUE;
  public NameCounts channels = new NameCounts();
  public NameCounts categories = new NameCounts();

  /** Cards collected per campaign: bit i of a mask = card i of the campaign's configured list. */
  public String[] cardCampaigns = new String[0];

  public int[] cardMasks = new int[0];

  // Social value, credited by identity resolution.
  public int invitesAccepted;
  public int inviteesBought;
  public int fissionDepth;

  /** The retention timer of this identifier's history (moved lazily), or Long.MIN_VALUE. */
  public long retentionTimer = Long.MIN_VALUE;

  /**
   * Forgotten: quiet for the whole retention, so everything but {@link #canonical} is gone. The
   * customer stays because a later event of this identifier may have gone past the identity graph
   * ({@code LinkScreen}) and learns its customer here; re-points keep it current.
   */
  public boolean forgotten;

  public MemberHistory() {}

  /** What is left of a history of {@code canonical}'s once it is forgotten. */
  static MemberHistory forgottenOf(String canonical) {
    MemberHistory h = new MemberHistory();
    h.canonical = canonical;
    h.forgotten = true;
    h.recentEvents = NO_RECENT_EVENTS;
    return h;
  }

  /**
   * This history as the customer profile needs it: without the recent event ids, which only this
   * identifier's own de-duplication uses (a smaller copy to ship and to store per customer).
   */
  MemberHistory forProfile() {
    try {
      MemberHistory copy = (MemberHistory) super.clone();
      copy.recentEvents = NO_RECENT_EVENTS;
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** True if the event id was seen recently; otherwise remembers it. */
  boolean seenRecently(String eventId) {
    int h = hash(eventId);
    for (int r : recentEvents) {
      if (r == h) {
        return true;
      }
    }
    recentEvents[recentNext] = h;
    recentNext = (recentNext + 1) % RECENT_EVENTS;
    return false;
  }

  void saw(long ts) {
    firstSeen = Math.min(firstSeen, ts);
    lastEventTs = Math.max(lastEventTs, ts);
    clock = Math.max(clock, ts);
  }

  int orderIndex(String orderId) {
    for (int i = 0; i < orderIds.length; i++) {
      if (orderIds[i].equals(orderId)) {
        return i;
      }
    }
    return -1;
  }

  void addOrder(String orderId, long ts, long netFen) {
    int n = orderIds.length;
    orderIds = Arrays.copyOf(orderIds, n + 1);
    orderTs = Arrays.copyOf(orderTs, n + 1);
    orderNetFen = Arrays.copyOf(orderNetFen, n + 1);
    orderIds[n] = orderId;
    orderTs[n] = ts;
    orderNetFen[n] = netFen;
  }

  /** Records a paid order's time among the latest two purchases and the first one. */
  void purchasedAt(long ts) {
    firstPurchaseTs = firstPurchaseTs == Long.MIN_VALUE ? ts : Math.min(firstPurchaseTs, ts);
    if (ts > lastPurchaseTs) {
      previousPurchaseTs = lastPurchaseTs;
      lastPurchaseTs = ts;
    } else if (ts > previousPurchaseTs) {
      previousPurchaseTs = ts; // a late purchase between the last two
    }
  }

  void guide(String guide, long ts) {
    if (guide != null && ts >= guideTs) {
      guideId = guide;
      guideTs = ts;
    }
  }

  void collectCard(String campaign, int card) {
    collectCards(campaign, 1 << card);
  }

  private void collectCards(String campaign, int mask) {
    int i = Arrays.asList(cardCampaigns).indexOf(campaign);
    if (i < 0) {
      i = cardCampaigns.length;
      cardCampaigns = Arrays.copyOf(cardCampaigns, i + 1);
      cardMasks = Arrays.copyOf(cardMasks, i + 1);
      cardCampaigns[i] = campaign;
    }
    cardMasks[i] |= mask;
  }

  int cardMask(String campaign) {
    int i = Arrays.asList(cardCampaigns).indexOf(campaign);
    return i < 0 ? 0 : cardMasks[i];
  }

  void credit(Credit credit, int level) {
    switch (credit) {
      case INVITE_ACCEPTED -> invitesAccepted++;
      case INVITEE_BOUGHT -> inviteesBought++;
      case FISSION -> fissionDepth = Math.max(fissionDepth, level);
    }
  }

  /** Drops orders that left the window ending at {@code now}. */
  void pruneOrders(long now, long windowMs) {
    int keep = 0;
    for (int i = 0; i < orderIds.length; i++) {
      if (orderTs[i] > now - windowMs) {
        keep++;
      }
    }
    if (keep == orderIds.length) {
      return;
    }
    String[] ids = new String[keep];
    long[] ts = new long[keep];
    long[] net = new long[keep];
    for (int i = 0, j = 0; i < orderIds.length; i++) {
      if (orderTs[i] > now - windowMs) {
        ids[j] = orderIds[i];
        ts[j] = orderTs[i];
        net[j++] = orderNetFen[i];
      }
    }
    orderIds = ids;
    orderTs = ts;
    orderNetFen = net;
  }

  int windowOrders() {
    int n = 0;
    for (long net : orderNetFen) {
      if (net > 0) {
        n++;
      }
    }
    return n;
  }

  long windowNetFen() {
    long sum = 0;
    for (long net : orderNetFen) {
      sum += net;
    }
    return sum;
  }

  long oldestOrderTs() {
    long min = Long.MAX_VALUE;
    for (long t : orderTs) {
      min = Math.min(min, t);
    }
    return min;
  }

  /**
   * One customer's history from their identifiers' histories: totals add up, the latest two
   * purchases and the preferences are taken across all, orders are united. The single-identifier
   * case (most customers) returns the history itself.
   */
  static MemberHistory merge(MemberHistory[] members) {
    if (members.length == 1) {
      return members[0];
    }
    MemberHistory m = new MemberHistory();
    for (MemberHistory h : members) {
      m.firstSeen = Math.min(m.firstSeen, h.firstSeen);
      m.lastEventTs = Math.max(m.lastEventTs, h.lastEventTs);
      m.clock = Math.max(m.clock, h.clock);
      m.lifetimeOrders += h.lifetimeOrders;
      m.lifetimeNetFen += h.lifetimeNetFen;
      if (h.lastPurchaseTs != Long.MIN_VALUE) {
        m.purchasedAt(h.lastPurchaseTs);
        if (h.previousPurchaseTs != Long.MIN_VALUE) {
          m.purchasedAt(h.previousPurchaseTs);
        }
        m.firstPurchaseTs = Math.min(m.firstPurchaseTs, h.firstPurchaseTs);
      }
      for (int i = 0; i < h.orderIds.length; i++) {
        if (m.orderIndex(h.orderIds[i]) < 0) {
          m.addOrder(h.orderIds[i], h.orderTs[i], h.orderNetFen[i]);
        }
      }
      m.scans += h.scans;
      m.couponOrders += h.couponOrders;
      m.boughtOnline |= h.boughtOnline;
      m.boughtInStore |= h.boughtInStore;
      m.guide(h.guideId, h.guideTs);
      m.channels.addAll(h.channels);
      m.categories.addAll(h.categories);
      for (int i = 0; i < h.cardCampaigns.length; i++) {
        m.collectCards(h.cardCampaigns[i], h.cardMasks[i]);
      }
      m.invitesAccepted += h.invitesAccepted;
      m.inviteesBought += h.inviteesBought;
      m.fissionDepth = Math.max(m.fissionDepth, h.fissionDepth);
    }
    return m;
  }

  /** 32-bit FNV-1a, never 0 (0 marks an empty slot). */
  private static int hash(String s) {
    int h = 0x811c9dc5;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x01000193;
    }
    return h == 0 ? 1 : h;
  }
}
