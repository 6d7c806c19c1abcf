package io.siyu.generator;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The behaviour model: decides what happens next in the simulated brand and returns it as an {@link
 * EventDraft} of a valid event. Each step either runs a due follow-up (checkout after a cart add,
 * scans of bought items, refunds, invitation accepts, ...) or lets a customer act on their own: new
 * customers arrive through follows, scans, store visits, live streams and invitations; active ones
 * browse, collect cards, claim coupons, share and buy according to their segment. Every valid event
 * changes the state; malformed records never do (see {@link Malformer}).
 */
final class Simulation {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long SHANGHAI_OFFSET = 8 * HOUR;
  private static final double REFUND_SHARE = 0.05;
  private static final double DIVERSION_SHARE = 0.03;
  private static final double FAKE_CODE_SHARE = 0.006;
  private static final double REPEAT_SCAN_SHARE = 0.04;

  private static final int A_PAGE_VIEW = 0;
  private static final int A_CART = 1;
  private static final int A_PURCHASE = 2;
  private static final int A_SCAN = 3;
  private static final int A_CLAIM = 4;
  private static final int A_SHARE = 5;
  private static final int A_LIVE = 6;
  private static final int A_JOIN = 7;
  private static final int A_GUIDE = 8;
  private static final int A_BIND = 9;
  private static final int A_FOLLOW = 10;
  private static final int A_UNFOLLOW = 11;

  private final long seed;
  private final Catalog catalog;
  private final Customers customers;
  private final SplittableRandom rng;
  private final PriorityQueue<FollowUp> pending = new PriorityQueue<>(FollowUp.ORDER);
  private final String seedTag;
  private final double[] actionWeights = new double[12];
  private long followUpSeq;
  private long orderSeq;
  private long liveDay = Long.MIN_VALUE;
  private String liveCampaign;

  Simulation(GeneratorConfig config, Catalog catalog, SplittableRandom rng) {
    this.seed = config.seed();
    this.catalog = catalog;
    this.rng = rng;
    this.customers = new Customers(config.seed(), config.customers(), catalog);
    this.seedTag = Ids.seedTag(config.seed());
    // A brand that runs private-domain operations already has followers when the run starts.
    int existing = (int) Math.round(config.customers() * 0.3);
    for (int i = 0; i < existing; i++) {
      customers.activateNext().followed = true;
    }
  }

  /**
   * The next valid event at simulated time {@code now}.
   *
   * @param remainingRecords records still to produce, used to pace the arrival of new customers
   */
  EventDraft next(long now, long remainingRecords) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      FollowUp f = pending.peek();
      EventDraft d;
      if (f != null && f.due <= now) {
        pending.poll();
        d = followUp(f, now);
      } else {
        d = spontaneous(now, remainingRecords);
      }
      if (d != null) {
        return finish(d);
      }
    }
    // Unreachable in practice: page views are always possible.
    Customer c = customers.activeTotal() > 0 ? customers.pickActive(rng) : activate();
    return finish(pageView(c, now, false));
  }

  private EventDraft finish(EventDraft d) {
    Customer c = d.actor;
    if (!c.countedActive) {
      c.countedActive = true;
      d.firstEventOfCustomer = true;
    }
    return d;
  }

  // ---- choosing what happens -------------------------------------------------------------

  private EventDraft spontaneous(long now, long remainingRecords) {
    int inactive = customers.inactiveLeft();
    double pNew =
        customers.activeTotal() == 0
            ? 1
            : Math.min(0.5, 1.2 * inactive / (double) Math.max(1, remainingRecords));
    if (inactive > 0 && rng.nextDouble() < pNew) {
      return acquire(activate(), now);
    }
    return act(customers.pickActive(rng), now);
  }

  private Customer activate() {
    return customers.activateNext();
  }

  /** The first touch of a new customer. */
  private EventDraft acquire(Customer c, long now) {
    double u = rng.nextDouble();
    if (u < 0.40) {
      return follow(c, now, rng.nextDouble() < 0.3 ? oneOf(Catalog.PAGE_CAMPAIGNS) : null);
    } else if (u < 0.68) {
      return scan(c, now, -1, -1, true);
    } else if (u < 0.80 && c.phone != null) {
      // A walk-in: buys in a store, the cashier takes the phone number.
      return purchase(c, now, -1, c.homeStore);
    } else if (u < 0.90) {
      return liveView(c, now);
    }
    return pageView(c, now, true);
  }

  /** A spontaneous action of an active customer, weighted by their state and segment. */
  private EventDraft act(Customer c, long now) {
    double[] w = actionWeights;
    w[A_PAGE_VIEW] = 30;
    w[A_CART] = c.segment == Customer.Segment.BROWSER ? 5 : 8;
    w[A_PURCHASE] =
        !c.buys()
            ? 0
            : switch (c.segment) {
              case LOYAL -> 14;
              case REGULAR -> 7;
              default -> 5;
            };
    w[A_SCAN] = 30 * c.scanAffinity;
    w[A_CLAIM] = c.promoSensitive ? 9 : 4;
    w[A_SHARE] = 2 + (missingOneCard(c) >= 0 ? 6 : 0);
    w[A_LIVE] = 4;
    w[A_JOIN] = c.joinedGroup ? 0 : 1.5;
    w[A_GUIDE] = c.guide == null ? 1.5 : 0;
    w[A_BIND] = !c.member && c.wantsMembership ? 3 : 0;
    w[A_FOLLOW] = c.followed ? 0 : 5;
    w[A_UNFOLLOW] = c.followed ? 0.35 : 0;
    return switch (Weighted.pick(rng, w)) {
      case A_PAGE_VIEW -> pageView(c, now, true);
      case A_CART -> addToCart(c, now, pickProduct(c));
      case A_PURCHASE -> purchase(c, now, -1, -1);
      case A_SCAN -> scan(c, now, -1, -1, false);
      case A_CLAIM -> couponClaim(c, now, -1, true);
      case A_SHARE -> share(c, now);
      case A_LIVE -> liveView(c, now);
      case A_JOIN -> joinGroup(c, now);
      case A_GUIDE -> guideAdd(c, now, c.homeStore);
      case A_BIND -> bindMember(c, now);
      case A_FOLLOW -> follow(c, now, null);
      default -> unfollow(c, now);
    };
  }

  private EventDraft followUp(FollowUp f, long now) {
    Customer c = f.customer;
    return switch (f.kind) {
      case SESSION_NEXT -> sessionNext(c, now);
      case CART_CHECKOUT ->
          c.cartProduct >= 0 && c.buys() ? purchase(c, now, c.cartProduct, -1) : null;
      case CART_NUDGE -> cartNudge(c, now);
      case COUPON_PURCHASE -> c.claimedCoupon >= 0 && c.buys() ? purchase(c, now, -1, -1) : null;
      case COUPON_REDEEM -> couponRedeem(c, f.order, now);
      case REFUND -> refund(c, f.order);
      case SCAN_PURCHASED -> scan(c, now, f.product, f.region, false);
      case SHARE_FOR_CARD -> missingOneCard(c) >= 0 ? share(c, now) : null;
      case INVITE_ACCEPT -> inviteAccept(f, now);
      case INVITEE_PURCHASE -> c.paidOrders == 0 ? purchase(c, now, -1, -1) : null;
      case FOLLOW -> c.followed ? null : follow(c, now, f.campaignId);
      case BIND_MEMBER -> c.member ? null : bindMember(c, now);
      case GUIDE_ADD -> c.guide == null ? guideAdd(c, now, f.store) : null;
      case GUIDE_COUPON -> couponClaim(c, now, 3, false);
      case JOIN_GROUP -> c.joinedGroup ? null : joinGroup(c, now);
    };
  }

  private void schedule(FollowUp.Kind kind, Customer c, long due) {
    pending.add(new FollowUp(due, followUpSeq++, kind, c));
  }

  private FollowUp scheduled(FollowUp.Kind kind, Customer c, long due) {
    FollowUp f = new FollowUp(due, followUpSeq++, kind, c);
    pending.add(f);
    return f;
  }

  private long after(long now, long min, long max) {
    return now + Weighted.between(rng, min, max);
  }

  // ---- interactions ----------------------------------------------------------------------

  private EventDraft interaction(Customer c, String type, String channel) {
    EventDraft d = new EventDraft(Streams.INTERACTION);
    d.actor = c;
    d.type = type;
    d.channel = channel;
    d.ids = idsFor(c, channel);
    return d;
  }

  private EventDraft follow(Customer c, long now, String campaignId) {
    EventDraft d = interaction(c, "follow", "wechat_oa");
    d.campaignId = campaignId;
    c.followed = true;
    if (rng.nextDouble() < 0.5) {
      schedule(FollowUp.Kind.SESSION_NEXT, c, after(now, 30 * SECOND, 5 * MINUTE));
    }
    return d;
  }

  private EventDraft unfollow(Customer c, long now) {
    c.followed = false;
    return interaction(c, "unfollow", "wechat_oa");
  }

  private EventDraft pageView(Customer c, long now, boolean mayContinue) {
    double u = rng.nextDouble();
    String channel = u < 0.70 ? "mini_program" : u < 0.85 ? "wechat_oa" : "app";
    if (!canUse(c, channel)) {
      channel = "mini_program";
    }
    EventDraft d = interaction(c, "page_view", channel);
    if (rng.nextDouble() < 0.8) {
      d.sku = Catalog.PRODUCTS[pickProduct(c)].sku();
    } else {
      d.campaignId = oneOf(Catalog.PAGE_CAMPAIGNS);
    }
    if (mayContinue && rng.nextDouble() < 0.45) {
      schedule(FollowUp.Kind.SESSION_NEXT, c, after(now, 10 * SECOND, 4 * MINUTE));
    }
    return d;
  }

  /** The next step of a browsing session: more pages, a cart add, a coupon, a share. */
  private EventDraft sessionNext(Customer c, long now) {
    double u = rng.nextDouble();
    if (u < 0.55) {
      return pageView(c, now, rng.nextDouble() < 0.7);
    } else if (u < 0.85) {
      return addToCart(c, now, pickProduct(c));
    } else if (u < 0.93) {
      return couponClaim(c, now, -1, true);
    }
    return share(c, now);
  }

  private EventDraft addToCart(Customer c, long now, int product) {
    String channel = rng.nextDouble() < 0.8 || !canUse(c, "app") ? "mini_program" : "app";
    EventDraft d = interaction(c, "add_to_cart", channel);
    d.sku = Catalog.PRODUCTS[product].sku();
    c.cartProduct = product;
    double checkout =
        switch (c.segment) {
          case LOYAL -> 0.6;
          case REGULAR -> 0.45;
          case ONE_TIME -> c.paidOrders == 0 ? 0.35 : 0;
          case BROWSER -> 0;
        };
    if (rng.nextDouble() < checkout) {
      schedule(FollowUp.Kind.CART_CHECKOUT, c, after(now, 3 * MINUTE, 2 * HOUR));
    } else if (c.buys() && c.promoSensitive && rng.nextDouble() < 0.5) {
      // Abandoned cart of a promotion-sensitive customer: a coupon nudge days later.
      schedule(FollowUp.Kind.CART_NUDGE, c, after(now, 6 * HOUR, 3 * DAY));
    }
    return d;
  }

  /** A coupon claimed after an abandoned cart; the purchase often follows. */
  private EventDraft cartNudge(Customer c, long now) {
    if (c.cartProduct < 0) {
      return null;
    }
    EventDraft d = couponClaim(c, now, rng.nextDouble() < 0.5 ? 1 : 2, false);
    if (rng.nextDouble() < 0.6) {
      schedule(FollowUp.Kind.CART_CHECKOUT, c, after(now, 5 * MINUTE, 6 * HOUR));
    }
    return d;
  }

  /**
   * A coupon claim; {@code coupon} -1 picks one that fits the customer.
   *
   * @param mayBuy whether to schedule a purchase that uses the coupon
   */
  private EventDraft couponClaim(Customer c, long now, int coupon, boolean mayBuy) {
    double u = rng.nextDouble();
    String channel = u < 0.6 ? "mini_program" : u < 0.8 ? "wecom" : u < 0.9 ? "sms" : "app";
    if (coupon == 3) {
      channel = "wecom";
    }
    if (!canUse(c, channel)) {
      channel = "mini_program";
    }
    if (coupon < 0) {
      if (c.paidOrders == 0 && rng.nextDouble() < 0.5) {
        coupon = 0;
      } else if (channel.equals("wecom") && c.guide != null) {
        coupon = 3;
      } else if (channel.equals("sms")) {
        coupon = 4;
      } else {
        coupon = rng.nextDouble() < 0.5 ? 1 : 2;
      }
    }
    EventDraft d = interaction(c, "coupon_claim", channel);
    d.couponId = Catalog.COUPONS[coupon].id();
    if (coupon == 2) {
      d.campaignId = "member-day-2026";
    } else if (coupon == 0) {
      d.campaignId = "newcomer-pack-2026";
    }
    if (channel.equals("wecom") && c.guide != null) {
      d.guideId = c.guide;
      d.storeId = catalog.stores[c.guideStore].id();
    }
    c.claimedCoupon = coupon;
    if (mayBuy && c.buys() && rng.nextDouble() < 0.35) {
      schedule(FollowUp.Kind.COUPON_PURCHASE, c, after(now, HOUR, 5 * DAY));
    }
    return d;
  }

  private EventDraft couponRedeem(Customer c, FollowUp.Order order, long now) {
    EventDraft d = new EventDraft(Streams.INTERACTION);
    d.actor = c;
    d.type = "coupon_redeem";
    d.channel = order.channel();
    d.ids = order.ids();
    d.storeId = order.storeId();
    d.guideId = order.guideId();
    d.couponId = order.couponId();
    return d;
  }

  private EventDraft share(Customer c, long now) {
    String channel = rng.nextDouble() < 0.8 ? "mini_program" : "wechat_oa";
    EventDraft d = interaction(c, "share", channel);
    int missingCampaign = -1;
    for (int k = 0; k < Catalog.CAMPAIGNS.length; k++) {
      if (missingCard(c, k) >= 0) {
        missingCampaign = k;
        break;
      }
    }
    if (missingCampaign >= 0 && rng.nextDouble() < 0.8) {
      // Asking friends for the missing card (集字 fission).
      d.campaignId = Catalog.CAMPAIGNS[missingCampaign].id();
    } else if (rng.nextDouble() < 0.6) {
      d.sku = Catalog.PRODUCTS[pickProduct(c)].sku();
    } else {
      d.campaignId = oneOf(Catalog.PAGE_CAMPAIGNS);
    }
    double u = rng.nextDouble();
    int accepts = u < 0.45 ? 0 : u < 0.78 ? 1 : u < 0.92 ? 2 : u < 0.98 ? 3 : 4;
    CustomerIdSet sharer = c.wechatIds();
    for (int i = 0; i < accepts; i++) {
      FollowUp f = scheduled(FollowUp.Kind.INVITE_ACCEPT, c, after(now, 2 * MINUTE, 2 * DAY));
      f.referrerIds = sharer;
      f.campaignId = d.campaignId;
      f.sku = d.sku;
    }
    return d;
  }

  /** A friend opens the shared link and joins: a new customer with a referrer. */
  private EventDraft inviteAccept(FollowUp f, long now) {
    Customer invitee = activate();
    if (invitee == null) {
      return null;
    }
    invitee.referrer = f.customer.index;
    EventDraft d = interaction(invitee, "invite_accept", "mini_program");
    d.referrerIds = f.referrerIds;
    d.campaignId = f.campaignId;
    d.sku = f.sku;
    if (rng.nextDouble() < 0.6) {
      FollowUp follow =
          scheduled(FollowUp.Kind.FOLLOW, invitee, after(now, 30 * SECOND, 10 * MINUTE));
      follow.campaignId = f.campaignId;
    }
    if (rng.nextDouble() < 0.3) {
      // Referral conversion: the invitee's first order within the 14-day reward window.
      schedule(FollowUp.Kind.INVITEE_PURCHASE, invitee, after(now, HOUR, 14 * DAY - HOUR));
    }
    return d;
  }

  private EventDraft liveView(Customer c, long now) {
    String channel = rng.nextDouble() < 0.7 || !canUse(c, "douyin") ? "mini_program" : "douyin";
    EventDraft d = interaction(c, "live_view", channel);
    d.campaignId = liveCampaign(now);
    if (rng.nextDouble() < 0.25) {
      schedule(FollowUp.Kind.SESSION_NEXT, c, after(now, MINUTE, 30 * MINUTE));
    }
    return d;
  }

  private EventDraft joinGroup(Customer c, long now) {
    EventDraft d = interaction(c, "join_group", "wecom");
    Catalog.Store store = catalog.stores[c.guideStore >= 0 ? c.guideStore : c.homeStore];
    d.storeId = store.id();
    d.guideId = c.guide != null ? c.guide : oneOf(store.guides());
    c.joinedGroup = true;
    return d;
  }

  /** The customer adds a store guide on WeCom (导购企微好友), often getting the guide's coupon. */
  private EventDraft guideAdd(Customer c, long now, int storeIndex) {
    Catalog.Store store = catalog.stores[storeIndex];
    c.guideStore = storeIndex;
    c.guide = oneOf(store.guides());
    EventDraft d = interaction(c, "guide_add", "wecom");
    d.storeId = store.id();
    d.guideId = c.guide;
    if (rng.nextDouble() < 0.4) {
      schedule(FollowUp.Kind.GUIDE_COUPON, c, after(now, MINUTE, HOUR));
    }
    if (!c.joinedGroup && rng.nextDouble() < 0.3) {
      schedule(FollowUp.Kind.JOIN_GROUP, c, after(now, 5 * MINUTE, 2 * DAY));
    }
    return d;
  }

  /** Registration as a member: links the open id (or phone at the till) to the member number. */
  private EventDraft bindMember(Customer c, long now) {
    c.member = true;
    if (c.phone != null && rng.nextDouble() < 0.2) {
      EventDraft d = interaction(c, "bind_member", "store_pos");
      d.ids = new CustomerIdSet(c.memberId(), null, null, c.phone);
      Catalog.Store store = catalog.stores[c.homeStore];
      d.storeId = store.id();
      d.guideId = rng.nextDouble() < 0.6 ? oneOf(store.guides()) : null;
      return d;
    }
    EventDraft d = interaction(c, "bind_member", "mini_program");
    String phone = c.phone != null && rng.nextDouble() < 0.7 ? c.phone : null;
    d.ids = new CustomerIdSet(c.memberId(), c.unionId, c.openId, phone);
    return d;
  }

  // ---- scans -----------------------------------------------------------------------------

  /**
   * A scan of a product code.
   *
   * @param product the product scanned, or -1 for any coded product
   * @param region where the item was sold (and is scanned), or -1 for the customer's home
   * @param acquisition whether this is the customer's first touch
   */
  private EventDraft scan(Customer c, long now, int product, int region, boolean acquisition) {
    EventDraft d = new EventDraft(Streams.SCAN);
    d.actor = c;
    d.channel = rng.nextDouble() < 0.8 ? "mini_program" : "wechat_oa";
    d.ids = c.wechatIds();
    int scanRegion = region >= 0 ? region : c.homeRegion;
    double u = rng.nextDouble();
    if (product < 0 && c.lastCode != null && u < REPEAT_SCAN_SHARE) {
      // Scanning one's own item again: the code was redeemed already.
      Catalog.Batch b = c.lastBatch;
      fillCode(d, b, c.lastCode, scanRegion);
      d.rewardType = "none";
      d.repeatScan = true;
      return d;
    }
    if (product < 0 && u < REPEAT_SCAN_SHARE + FAKE_CODE_SHARE) {
      int i = rng.nextInt(Catalog.FAKE_CODES);
      Catalog.Batch b = catalog.fakeCodeBatches[i];
      fillCode(d, b, catalog.fakeCodes[i], scanRegion);
      d.fakeCode = true;
      if (catalog.fakeCodeScanned[i]) {
        d.rewardType = "none";
      } else {
        catalog.fakeCodeScanned[i] = true;
        d.firstScanOfCode = true;
        reward(c, d, b);
      }
      return d;
    }
    if (product < 0) {
      product = pickCodedProduct(c);
    }
    int issued = scanRegion;
    if (rng.nextDouble() < DIVERSION_SHARE) {
      // 窜货: the item was shipped to another region and sold here.
      issued = (scanRegion + 1 + rng.nextInt(Catalog.REGIONS.length - 1)) % Catalog.REGIONS.length;
    }
    Catalog.Batch b = batchFor(product, issued);
    String code = Catalog.code(seed, b, b.nextSerial++);
    fillCode(d, b, code, scanRegion);
    d.firstScanOfCode = true;
    c.lastBatch = b;
    c.lastCode = code;
    reward(c, d, b);
    if (acquisition && rng.nextDouble() < 0.5) {
      schedule(FollowUp.Kind.FOLLOW, c, after(now, 10 * SECOND, 5 * MINUTE));
    }
    if (d.rewardCard != null && missingOneCard(c) >= 0 && rng.nextDouble() < 0.4) {
      schedule(FollowUp.Kind.SHARE_FOR_CARD, c, after(now, MINUTE, 30 * MINUTE));
    }
    return d;
  }

  private void fillCode(EventDraft d, Catalog.Batch b, String code, int scanRegion) {
    d.code = code;
    d.sku = Catalog.PRODUCTS[b.product].sku();
    d.batchId = b.id;
    d.campaignId = Catalog.CAMPAIGNS[b.campaign].id();
    d.issuedRegion = Catalog.REGIONS[b.region].name();
    d.scanRegion = Catalog.REGIONS[scanRegion].name();
  }

  /** The first scan of a code pays out: a character card, a red packet or points. */
  private void reward(Customer c, EventDraft d, Catalog.Batch b) {
    Catalog.Campaign campaign = Catalog.CAMPAIGNS[b.campaign];
    double u = rng.nextDouble();
    if (campaign.collectsCards() && u < 0.55) {
      int card = Weighted.pick(rng, campaign.cardWeights());
      d.rewardType = "card";
      d.rewardCard = campaign.cards()[card];
      int full = (1 << campaign.cards().length) - 1;
      int before = c.cards[b.campaign];
      c.cards[b.campaign] = before | (1 << card);
      d.completesCollection = before != full && c.cards[b.campaign] == full;
    } else if (campaign.collectsCards() ? u < 0.80 : u < 0.15) {
      d.rewardType = "red_packet";
      double v = rng.nextDouble();
      d.rewardAmountFen =
          v < 0.60
              ? Weighted.between(rng, 30, 188)
              : v < 0.90
                  ? Weighted.between(rng, 188, 888)
                  : v < 0.99 ? Weighted.between(rng, 888, 1888) : 8888;
    } else if (u < 0.95) {
      d.rewardType = "points";
      d.rewardAmountFen =
          100 * (campaign.collectsCards() ? rng.nextInt(5, 51) : rng.nextInt(10, 101));
    } else {
      d.rewardType = "none";
    }
  }

  private Catalog.Batch batchFor(int product, int region) {
    Catalog.Batch[] two = catalog.batchesFor[product][region];
    if (!two[0].exhausted()) {
      return two[0];
    }
    if (!two[1].exhausted()) {
      return two[1];
    }
    for (Catalog.Batch b : catalog.batches) {
      if (!b.exhausted()) {
        return b;
      }
    }
    throw new IllegalStateException("all batches are sold out");
  }

  // ---- purchases -------------------------------------------------------------------------

  /**
   * A paid order.
   *
   * @param mustInclude a product that is in the order (the cart), or -1
   * @param store the store of a walk-in purchase at the till, or -1
   */
  private EventDraft purchase(Customer c, long now, int mustInclude, int store) {
    String channel;
    if (store >= 0) {
      channel = "store_pos";
    } else {
      channel = rng.nextDouble() < 0.7 ? c.preferredChannel : oneOf(Customer.PURCHASE_CHANNELS);
      if (!canUse(c, channel)) {
        channel = "mini_program";
      }
    }
    EventDraft d = new EventDraft(Streams.PURCHASE);
    d.actor = c;
    d.channel = channel;
    d.ids = idsFor(c, channel);
    d.status = "paid";
    int region = c.homeRegion;
    if (channel.equals("store_pos")) {
      int s = store >= 0 ? store : c.homeStore;
      if (store < 0 && rng.nextDouble() < 0.15) {
        int[] regional = catalog.storesByRegion[c.homeRegion];
        s = regional[rng.nextInt(regional.length)];
      }
      Catalog.Store st = catalog.stores[s];
      d.storeId = st.id();
      region = st.region();
      if (c.guide != null && c.guideStore == s && rng.nextDouble() < 0.8) {
        d.guideId = c.guide;
      } else if (rng.nextDouble() < 0.5) {
        d.guideId = oneOf(st.guides());
      }
    } else if (channel.equals("mini_program") && c.guide != null && rng.nextDouble() < 0.6) {
      // Guide attribution of online orders (导购业绩): the customer bought through the guide.
      d.guideId = c.guide;
      d.storeId = catalog.stores[c.guideStore].id();
    }
    d.orderId = orderId(channel);
    d.items = items(c, mustInclude);
    long subtotal = d.subtotalFen();
    int coupon = -1;
    if (c.claimedCoupon >= 0 && subtotal >= Catalog.COUPONS[c.claimedCoupon].minSpendFen()) {
      coupon = c.claimedCoupon;
      c.claimedCoupon = -1;
    } else if (c.promoSensitive && rng.nextDouble() < 0.4) {
      // A coupon issued automatically (newcomer pack, platform coupon) without a claim event.
      int auto = c.paidOrders == 0 ? 0 : 1 + rng.nextInt(2);
      if (subtotal >= Catalog.COUPONS[auto].minSpendFen()) {
        d.couponId = Catalog.COUPONS[auto].id();
        d.discountFen = Catalog.COUPONS[auto].discountFen();
      }
    }
    if (coupon >= 0) {
      d.couponId = Catalog.COUPONS[coupon].id();
      d.discountFen = Catalog.COUPONS[coupon].discountFen();
    }
    d.amountFen = subtotal - (d.discountFen == EventDraft.ABSENT ? 0 : d.discountFen);
    if (mustInclude >= 0 && mustInclude == c.cartProduct) {
      c.cartProduct = -1;
    }
    c.paidOrders++;
    if (!c.countedBuyer) {
      c.countedBuyer = true;
      d.firstPaidOfCustomer = true;
      d.inviteeFirstPurchase = c.referrer >= 0;
    }
    FollowUp.Order order =
        new FollowUp.Order(
            d.orderId,
            channel,
            d.storeId,
            d.guideId,
            d.ids,
            d.items,
            d.amountFen,
            d.couponId,
            region);
    if (coupon >= 0) {
      FollowUp f = scheduled(FollowUp.Kind.COUPON_REDEEM, c, after(now, SECOND, 5 * SECOND));
      f.order = order;
    }
    if (rng.nextDouble() < REFUND_SHARE) {
      FollowUp f = scheduled(FollowUp.Kind.REFUND, c, after(now, HOUR, 3 * DAY));
      f.order = order;
    }
    for (EventDraft.Item item : d.items) {
      int p = productIndex(item.sku());
      if (Catalog.PRODUCTS[p].coded() && rng.nextDouble() < Math.min(0.85, 0.3 * c.scanAffinity)) {
        FollowUp f = scheduled(FollowUp.Kind.SCAN_PURCHASED, c, after(now, 20 * MINUTE, 4 * DAY));
        f.product = p;
        f.region = region;
      }
    }
    if (!c.member && c.wantsMembership && rng.nextDouble() < 0.4) {
      schedule(FollowUp.Kind.BIND_MEMBER, c, after(now, MINUTE, 20 * MINUTE));
    }
    if (channel.equals("store_pos") && c.guide == null && rng.nextDouble() < 0.35) {
      FollowUp f = scheduled(FollowUp.Kind.GUIDE_ADD, c, after(now, MINUTE, 15 * MINUTE));
      f.store = storeIndex(d.storeId);
    }
    return d;
  }

  /** The refund of an earlier paid order: same order id, status refunded, full amount. */
  private EventDraft refund(Customer c, FollowUp.Order order) {
    EventDraft d = new EventDraft(Streams.PURCHASE);
    d.actor = c;
    d.channel = order.channel();
    d.ids = order.ids();
    d.storeId = order.storeId();
    d.guideId = order.guideId();
    d.orderId = order.orderId();
    d.status = "refunded";
    d.items = order.items();
    d.amountFen = order.amountFen();
    return d;
  }

  private List<EventDraft.Item> items(Customer c, int mustInclude) {
    double u = rng.nextDouble();
    int lines = u < 0.50 ? 1 : u < 0.78 ? 2 : u < 0.92 ? 3 : 4;
    if (c.segment == Customer.Segment.LOYAL && rng.nextDouble() < 0.3) {
      lines++;
    }
    List<EventDraft.Item> items = new ArrayList<>(lines);
    int[] chosen = new int[lines];
    int n = 0;
    if (mustInclude >= 0) {
      chosen[n++] = mustInclude;
    }
    for (int guard = 0; n < lines && guard < 20; guard++) {
      int p = pickProduct(c);
      boolean dup = false;
      for (int i = 0; i < n; i++) {
        dup |= chosen[i] == p;
      }
      if (!dup) {
        chosen[n++] = p;
      }
    }
    for (int i = 0; i < n; i++) {
      Catalog.Product p = Catalog.PRODUCTS[chosen[i]];
      double q = rng.nextDouble();
      long qty = q < 0.5 ? 1 : q < 0.75 ? 2 : 1 + rng.nextInt(p.maxQty());
      items.add(new EventDraft.Item(p.sku(), p.category(), qty, p.priceFen()));
    }
    return items;
  }

  private String orderId(String channel) {
    String prefix =
        switch (channel) {
          case "store_pos" -> "pos";
          case "mini_program" -> "mp";
          case "tmall" -> "tm";
          case "jd" -> "jd";
          case "douyin" -> "dy";
          default -> "app";
        };
    return prefix + "-" + seedTag + "-" + (++orderSeq);
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** The identifiers a channel knows about a customer (see the input contract). */
  private CustomerIdSet idsFor(Customer c, String channel) {
    return switch (channel) {
      case "wechat_oa", "mini_program" -> c.wechatIds();
      case "wecom" ->
          new CustomerIdSet(c.memberId(), c.unionId, c.unionId == null ? c.openId : null, null);
      case "app" -> new CustomerIdSet(c.memberId(), null, null, c.phone);
      case "store_pos" ->
          c.member
              ? new CustomerIdSet(c.memberId(), null, null, rng.nextDouble() < 0.4 ? c.phone : null)
              : new CustomerIdSet(null, null, null, c.phone);
      case "sms" -> new CustomerIdSet(null, null, null, c.phone);
      default -> new CustomerIdSet(c.memberId(), null, null, c.phone); // marketplaces
    };
  }

  private static boolean canUse(Customer c, String channel) {
    return switch (channel) {
      case "app" -> c.member;
      case "store_pos", "tmall", "jd", "douyin" -> c.member || c.phone != null;
      case "sms" -> c.phone != null;
      default -> true;
    };
  }

  private int pickProduct(Customer c) {
    if (rng.nextDouble() < 0.6) {
      int[] ps = catalog.productsByCategory[c.preferredCategory];
      return ps[rng.nextInt(ps.length)];
    }
    return rng.nextInt(Catalog.PRODUCTS.length);
  }

  private int pickCodedProduct(Customer c) {
    for (int guard = 0; guard < 8; guard++) {
      int p = pickProduct(c);
      if (Catalog.PRODUCTS[p].coded()) {
        return p;
      }
    }
    return rng.nextInt(5); // a yoghurt
  }

  private static int productIndex(String sku) {
    for (int p = 0; p < Catalog.PRODUCTS.length; p++) {
      if (Catalog.PRODUCTS[p].sku().equals(sku)) {
        return p;
      }
    }
    throw new IllegalArgumentException(sku);
  }

  private int storeIndex(String storeId) {
    for (int s = 0; s < catalog.stores.length; s++) {
      if (catalog.stores[s].id().equals(storeId)) {
        return s;
      }
    }
    throw new IllegalArgumentException(storeId);
  }

  /** The card campaign in which the customer misses exactly one card, or -1. */
  private static int missingOneCard(Customer c) {
    for (int k = 0; k < Catalog.CAMPAIGNS.length; k++) {
      if (missingCard(c, k) >= 0) {
        return k;
      }
    }
    return -1;
  }

  /** The one card missing in campaign k (three of four collected), or -1. */
  private static int missingCard(Customer c, int k) {
    int n = Catalog.CAMPAIGNS[k].cards().length;
    if (n == 0) {
      return -1;
    }
    int missing = ~c.cards[k] & ((1 << n) - 1);
    return Integer.bitCount(missing) == 1 ? Integer.numberOfTrailingZeros(missing) : -1;
  }

  /** The live stream of the day (Asia/Shanghai), e.g. "live-20260105". */
  private String liveCampaign(long now) {
    long day = Math.floorDiv(now + SHANGHAI_OFFSET, DAY);
    if (day != liveDay) {
      liveDay = day;
      LocalDate date = LocalDate.ofEpochDay(day);
      liveCampaign =
          String.format(
              "live-%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
    return liveCampaign;
  }

  private <T> T oneOf(T[] values) {
    return values[rng.nextInt(values.length)];
  }
}
