package io.siyu.generator;

import java.util.SplittableRandom;

/**
 * One simulated person: fixed traits drawn from their own seed (so a customer is the same whatever
 * else happens in the run) and the state that their events change (followed, member, guide, cart,
 * cards collected, orders).
 */
final class Customer {

  /** How much a customer buys; the shares make many one-time buyers and many who never buy. */
  enum Segment {
    LOYAL(0.07, 6.0, 0.95),
    REGULAR(0.18, 3.0, 0.70),
    ONE_TIME(0.30, 1.5, 0.30),
    BROWSER(0.45, 1.0, 0.10);

    final double share;
    final double activity;
    final double memberPropensity;

    Segment(double share, double activity, double memberPropensity) {
      this.share = share;
      this.activity = activity;
      this.memberPropensity = memberPropensity;
    }
  }

  /** Where a customer prefers to buy, before falling back to the mini-program. */
  static final String[] PURCHASE_CHANNELS = {
    "mini_program", "store_pos", "tmall", "jd", "douyin", "app"
  };

  private static final double[] PURCHASE_CHANNEL_WEIGHTS = {35, 30, 12, 10, 8, 5};

  final int index;
  final String openId;
  final String unionId;
  final String phone;
  final String futureMemberId;
  final Segment segment;
  final int homeRegion;
  final int homeStore;
  final String preferredChannel;
  final int preferredCategory;
  final double scanAffinity;
  final boolean promoSensitive;
  final boolean wantsMembership;

  boolean active;
  boolean followed;
  boolean member;
  boolean joinedGroup;
  int guideStore = -1;
  String guide;
  int cartProduct = -1;
  int claimedCoupon = -1;
  int paidOrders;
  int referrer = -1;
  boolean countedActive;
  boolean countedBuyer;

  /** Bit i set = card i of campaign c collected; one int per campaign. */
  final int[] cards = new int[Catalog.CAMPAIGNS.length];

  /** Which of member_id, union_id, open_id, phone appeared in a valid event (bits 0..3). */
  private int idsSeen;

  /** Union-find over those four slots: ids that appeared in one event are one identity. */
  private final byte[] idParent = {0, 1, 2, 3};

  /** The last code this customer scanned, for realistic repeat scans of the same item. */
  Catalog.Batch lastBatch;

  String lastCode;

  Customer(long seed, int index, Catalog catalog) {
    this.index = index;
    SplittableRandom r = new SplittableRandom(Ids.mix(seed ^ Ids.mix(0xC0FFEEL + index)));
    this.openId = Ids.wechatId(seed, index, 1);
    this.unionId = r.nextDouble() < 0.65 ? Ids.wechatId(seed, index, 2) : null;
    this.phone = r.nextDouble() < 0.55 ? Ids.phone(seed, index) : null;
    this.futureMemberId = Ids.memberId(seed, index);
    this.segment = pickSegment(r.nextDouble());
    this.homeRegion = pickRegion(r.nextDouble());
    int[] regionStores = catalog.storesByRegion[homeRegion];
    this.homeStore = regionStores[r.nextInt(regionStores.length)];
    this.preferredChannel = PURCHASE_CHANNELS[Weighted.pick(r, PURCHASE_CHANNEL_WEIGHTS)];
    this.preferredCategory = r.nextInt(Catalog.CATEGORIES.length);
    // Scan affinity is skewed: most scan now and then, a few "scan enthusiasts" scan a lot.
    double a = 0.2 + r.nextDouble() * 1.3;
    this.scanAffinity = r.nextDouble() < 0.08 ? a * 4 : a;
    this.promoSensitive = r.nextDouble() < 0.30;
    this.wantsMembership = r.nextDouble() < segment.memberPropensity;
  }

  boolean buys() {
    return segment != Segment.BROWSER && !(segment == Segment.ONE_TIME && paidOrders > 0);
  }

  String memberId() {
    return member ? futureMemberId : null;
  }

  /** The ids a WeChat channel knows: open id, union id when the brand has it, member if bound. */
  CustomerIdSet wechatIds() {
    return new CustomerIdSet(memberId(), unionId, openId, null);
  }

  /**
   * Records the ids of one of this customer's valid events and returns how the number of distinct
   * identities a OneID resolver would see changes: +1 per id seen for the first time, -1 per two
   * identities the event links.
   */
  int linkIds(CustomerIdSet ids) {
    int delta = 0;
    int first = -1;
    String[] slots = {ids.memberId(), ids.unionId(), ids.openId(), ids.phone()};
    for (int slot = 0; slot < 4; slot++) {
      if (slots[slot] == null) {
        continue;
      }
      if ((idsSeen & (1 << slot)) == 0) {
        idsSeen |= 1 << slot;
        delta++;
      }
      if (first < 0) {
        first = slot;
      } else {
        int a = root(first);
        int b = root(slot);
        if (a != b) {
          idParent[b] = (byte) a;
          delta--;
        }
      }
    }
    return delta;
  }

  private int root(int slot) {
    while (idParent[slot] != slot) {
      slot = idParent[slot];
    }
    return slot;
  }

  private static Segment pickSegment(double u) {
    double acc = 0;
    for (Segment s : Segment.values()) {
      acc += s.share;
      if (u < acc) {
        return s;
      }
    }
    return Segment.BROWSER;
  }

  private static int pickRegion(double u) {
    double total = 0;
    for (Catalog.Region r : Catalog.REGIONS) {
      total += r.customerWeight();
    }
    double acc = 0;
    for (int i = 0; i < Catalog.REGIONS.length; i++) {
      acc += Catalog.REGIONS[i].customerWeight() / total;
      if (u < acc) {
        return i;
      }
    }
    return Catalog.REGIONS.length - 1;
  }
}
