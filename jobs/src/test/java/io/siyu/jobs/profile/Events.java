package io.siyu.jobs.profile;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;

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

  static CustomerEvent follow(String member, long ts) {
    return CustomerEvent.of(
        new InteractionEvent(header(member, ts), InteractionType.FOLLOW, null, null, null, null));
  }
}
