package io.siyu.generator;

import java.util.Comparator;
import java.util.List;

/**
 * Something a customer will do later because of what they just did: check out a cart, scan the
 * items they bought, redeem a coupon, refund an order, accept a friend's invitation. Follow-ups
 * make the streams causally consistent (a refund follows its order, an invitee buys after
 * accepting) instead of being independent random events.
 */
final class FollowUp {

  enum Kind {
    SESSION_NEXT,
    CART_CHECKOUT,
    CART_NUDGE,
    COUPON_PURCHASE,
    COUPON_REDEEM,
    REFUND,
    SCAN_PURCHASED,
    SHARE_FOR_CARD,
    INVITE_ACCEPT,
    INVITEE_PURCHASE,
    FOLLOW,
    BIND_MEMBER,
    GUIDE_ADD,
    GUIDE_COUPON,
    JOIN_GROUP
  }

  /** Earliest due first; ties in creation order, so the run stays deterministic. */
  static final Comparator<FollowUp> ORDER =
      Comparator.comparingLong((FollowUp f) -> f.due).thenComparingLong(f -> f.seq);

  /** A paid order, kept for its refund and coupon redemption. */
  record Order(
      String orderId,
      String channel,
      String storeId,
      String guideId,
      CustomerIdSet ids,
      List<EventDraft.Item> items,
      long amountFen,
      String couponId,
      int region) {}

  final long due;
  final long seq;
  final Kind kind;
  final Customer customer;
  int product = -1;
  int store = -1;
  int region = -1;
  String campaignId;
  String sku;
  CustomerIdSet referrerIds;
  Order order;

  FollowUp(long due, long seq, Kind kind, Customer customer) {
    this.due = due;
    this.seq = seq;
    this.kind = kind;
    this.customer = customer;
  }
}
