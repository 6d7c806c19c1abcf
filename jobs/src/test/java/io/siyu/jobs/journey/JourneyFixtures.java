package io.siyu.jobs.journey;

import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.profile.LifecycleStage;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.records.Reward;
import io.siyu.jobs.records.RewardType;
import io.siyu.jobs.records.ScanEvent;

/**
 * Events with explicit times and ids for the journey tests. Customers are member ids; their
 * canonical id is {@code m:<member>}. Event ids are {@code <customer>-<n>} so that ties at one
 * instant sort as written.
 */
final class JourneyFixtures {
  static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z = 08:00 in Shanghai
  static final long MINUTE = 60_000L;
  static final long HOUR = 3_600_000L;
  static final long DAY = 86_400_000L;

  private static int seq;

  private JourneyFixtures() {}

  static String key(String member) {
    return "m:" + member;
  }

  private static EventHeader header(String member, long ts, String channel, String guide) {
    return new EventHeader(
        String.format("%s-%04d", member, ++seq),
        1,
        ts,
        new CustomerIds(member, null, null, null),
        channel,
        null,
        guide);
  }

  /** Resolved as identity resolution would with one identifier per person: the referrer too. */
  private static ResolvedEvent resolved(String member, CustomerEvent e) {
    CustomerIds referrer = e.interaction() == null ? null : e.interaction().referrerIds();
    return new ResolvedEvent(key(member), e, referrer == null ? null : key(referrer.memberId()));
  }

  /** The customer {@code member} was absorbed into {@code into} by a merge at {@code ts}. */
  static CustomerMerge merged(String member, String into, long ts) {
    return new CustomerMerge(key(member), key(into), ts, "bind-" + member + "-" + into);
  }

  static ResolvedEvent interaction(String member, InteractionType type, long ts) {
    return interaction(member, type, ts, "mini_program", null);
  }

  static ResolvedEvent interaction(
      String member, InteractionType type, long ts, String channel, CustomerIds referrer) {
    return resolved(
        member,
        CustomerEvent.of(
            new InteractionEvent(
                header(member, ts, channel, null),
                type,
                type == InteractionType.ADD_TO_CART ? "SKU-1" : null,
                null,
                null,
                referrer)));
  }

  static ResolvedEvent cart(String member, long ts) {
    return interaction(member, InteractionType.ADD_TO_CART, ts);
  }

  static ResolvedEvent follow(String member, long ts) {
    return interaction(member, InteractionType.FOLLOW, ts, "wechat_oa", null);
  }

  static ResolvedEvent invite(String member, long ts, String referrerMember) {
    return interaction(
        member,
        InteractionType.INVITE_ACCEPT,
        ts,
        "mini_program",
        new CustomerIds(referrerMember, null, null, null));
  }

  static ResolvedEvent paid(String member, long ts) {
    return purchase(member, ts, PurchaseStatus.PAID, "store_pos", "G7");
  }

  static ResolvedEvent refund(String member, long ts) {
    return purchase(member, ts, PurchaseStatus.REFUNDED, "store_pos", null);
  }

  private static ResolvedEvent purchase(
      String member, long ts, PurchaseStatus status, String channel, String guide) {
    return resolved(
        member,
        CustomerEvent.of(
            new PurchaseEvent(
                header(member, ts, channel, guide),
                "O-" + member + "-" + seq,
                status,
                new LineItem[] {new LineItem("SKU-9", "dairy", 1, 1000)},
                1000,
                null,
                0)));
  }

  static ResolvedEvent scan(String member, long ts) {
    return scan(member, ts, "cny2026-xnkl", null);
  }

  static ResolvedEvent scan(String member, long ts, String campaign, String card) {
    return resolved(
        member,
        CustomerEvent.of(
            new ScanEvent(
                header(member, ts, "wechat_oa", null),
                "CODE-" + seq,
                "SKU-2",
                "B1",
                campaign,
                "GD",
                "GD",
                card == null
                    ? new Reward(RewardType.POINTS, 100, null)
                    : new Reward(RewardType.CARD, 0, card))));
  }

  static LifecycleTransition atRisk(String member, long at) {
    return new LifecycleTransition(
        key(member), LifecycleStage.ACTIVE, LifecycleStage.AT_RISK, at, "ageing");
  }

  static String triggerId(String journey, String recipient, String... parts) {
    return TriggerIds.of(journey, recipient, String.join("|", parts));
  }
}
