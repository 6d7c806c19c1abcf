package io.siyu.jobs.profile;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.records.Reward;
import io.siyu.jobs.records.RewardType;
import io.siyu.jobs.records.ScanEvent;

/** Small builders of events for profile tests. */
final class Events {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final long DAY = 86_400_000L;
  private static int seq;

  private Events() {}

  static CustomerIds member(String id) {
    return new CustomerIds(id, null, null, null);
  }

  static EventHeader header(String member, long ts) {
    return new EventHeader("e" + (++seq), 1, ts, member(member), "mini_program", null, null);
  }

  static CustomerEvent paid(String member, String order, long ts, long fen) {
    return CustomerEvent.of(
        new PurchaseEvent(
            header(member, ts), order, PurchaseStatus.PAID, new LineItem[0], fen, null, 0));
  }

  static CustomerEvent refunded(String member, String order, long ts, long fen) {
    return CustomerEvent.of(
        new PurchaseEvent(
            header(member, ts), order, PurchaseStatus.REFUNDED, new LineItem[0], fen, null, 0));
  }

  static CustomerEvent paidWith(
      String member,
      String order,
      long ts,
      long fen,
      String channel,
      String coupon,
      String guide,
      LineItem... items) {
    EventHeader h = new EventHeader("e" + (++seq), 1, ts, member(member), channel, "S1", guide);
    return CustomerEvent.of(
        new PurchaseEvent(h, order, PurchaseStatus.PAID, items, fen, coupon, 0));
  }

  static CustomerEvent scan(String member, long ts) {
    return scanWith(member, ts, "cny", new Reward(RewardType.NONE, 0, null));
  }

  private static CustomerEvent scanWith(String member, long ts, String campaign, Reward reward) {
    return CustomerEvent.of(
        new ScanEvent(header(member, ts), "C" + seq, "SKU1", "B1", campaign, "GD", "GD", reward));
  }

  static CustomerEvent guideAdd(String member, long ts, String guide) {
    EventHeader h = new EventHeader("e" + (++seq), 1, ts, member(member), "wecom", "S1", guide);
    return CustomerEvent.of(
        new InteractionEvent(h, InteractionType.GUIDE_ADD, null, null, null, null));
  }

  static CustomerEvent follow(String member, long ts) {
    return CustomerEvent.of(
        new InteractionEvent(header(member, ts), InteractionType.FOLLOW, null, null, null, null));
  }

  /** Identifiers of one person: a member id, or an open id written as {@code "o:..."}. */
  static CustomerIds ids(String... keys) {
    String member = null;
    String union = null;
    String open = null;
    String phone = null;
    for (String k : keys) {
      String v = k.substring(2);
      switch (k.charAt(0)) {
        case 'm' -> member = v;
        case 'u' -> union = v;
        case 'o' -> open = v;
        default -> phone = v;
      }
    }
    return new CustomerIds(member, union, open, phone);
  }

  static EventHeader headerOf(CustomerIds ids, long ts) {
    return new EventHeader("e" + (++seq), 1, ts, ids, "mini_program", null, null);
  }

  /** A paid order by whoever {@code keys} (prefixed ids, e.g. "o:x", "m:y") name. */
  static CustomerEvent paidBy(String order, long ts, long fen, String... keys) {
    return CustomerEvent.of(
        new PurchaseEvent(
            headerOf(ids(keys), ts), order, PurchaseStatus.PAID, new LineItem[0], fen, null, 0));
  }

  static CustomerEvent interactionBy(InteractionType type, long ts, String... keys) {
    return CustomerEvent.of(
        new InteractionEvent(headerOf(ids(keys), ts), type, null, null, null, null));
  }

  /** {@code bind_member}: the identifiers are one person. */
  static CustomerEvent bind(long ts, String... keys) {
    return interactionBy(InteractionType.BIND_MEMBER, ts, keys);
  }

  static CustomerEvent inviteAccept(String invitee, String inviter, long ts) {
    return CustomerEvent.of(
        new InteractionEvent(
            headerOf(ids(invitee), ts),
            InteractionType.INVITE_ACCEPT,
            null,
            null,
            null,
            ids(inviter)));
  }

  static CustomerEvent scanCard(String member, long ts, String campaign, String card) {
    return scanWith(member, ts, campaign, new Reward(RewardType.CARD, 0, card));
  }
}
