package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.DAY;
import static io.siyu.jobs.profile.Events.T0;
import static io.siyu.jobs.profile.Events.bind;
import static io.siyu.jobs.profile.Events.interactionBy;
import static io.siyu.jobs.profile.Events.inviteAccept;
import static io.siyu.jobs.profile.Events.paidBy;
import static io.siyu.jobs.profile.LifecycleStage.ACTIVE;
import static io.siyu.jobs.profile.LifecycleStage.AT_RISK;
import static io.siyu.jobs.profile.LifecycleStage.NEW;
import static io.siyu.jobs.profile.LifecycleStage.PROSPECT;
import static io.siyu.jobs.profile.LifecycleStage.WON_BACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.identity.IdentityResolver;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.ResolvedEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * OneID merges through the whole profile pipeline: counters add up, the stage and tags are
 * recomputed from the merged history, the absorbed customer is closed with a last update naming the
 * survivor, and later events of either identifier reach the merged profile.
 */
class IdentityMergeTest extends ProfileHarness {

  @Test
  void theOrderInWhichACustomersIdentifiersReportDoesNotMatter() throws Exception {
    ProfileHarness interleaved = new ProfileHarness() {};
    interleaved.reverseUpdatesBetweenWatermarks = true;
    interleaved.open();
    try {
      for (ProfileHarness run : List.of(this, interleaved)) {
        // Two identifiers of one person, each with orders, linked, then active under both; all
        // read before the watermark passes any of it.
        run.hold(interactionBy(InteractionType.FOLLOW, T0, "o:w1"));
        run.hold(paidBy("o1", T0 + DAY, 10_000, "o:w1"));
        run.hold(paidBy("o2", T0 + 2 * DAY, 20_000, "m:M1"));
        run.hold(bind(T0 + 3 * DAY, "m:M1", "o:w1"));
        run.hold(paidBy("o3", T0 + 3 * DAY, 5_000, "o:w1"));
        run.hold(paidBy("o4", T0 + 3 * DAY, 5_000, "m:M1"));
        run.watermark(T0 + 3 * DAY);
        run.hold(paidBy("o5", T0 + 100 * DAY, 5_000, "o:w1"));
        run.hold(interactionBy(InteractionType.FOLLOW, T0 + 100 * DAY, "m:M1"));
        run.watermark(T0 + 200 * DAY);
      }
      // Per customer, the same rows in the same order (across customers, emission order is free).
      assertEquals(
          byCustomer(transitions(), LifecycleTransition::customerKey),
          byCustomer(interleaved.transitions(), LifecycleTransition::customerKey));
      assertEquals(
          byCustomer(h.extractOutputValues(), ProfileUpdate::customerKey),
          byCustomer(interleaved.h.extractOutputValues(), ProfileUpdate::customerKey));
      assertTrue(
          transitions().stream().anyMatch(t -> t.cause().equals("merge")),
          "the history merges two customers");
    } finally {
      interleaved.close();
    }
  }

  @Test
  void aReSentLinkingEventGivesTheSameProfileInAnyArrivalOrder() throws Exception {
    ProfileHarness interleaved = new ProfileHarness() {};
    interleaved.reverseUpdatesBetweenWatermarks = true;
    interleaved.open();
    try {
      CustomerEvent link = bind(T0 + 2 * DAY, "m:M1", "o:w1");
      for (ProfileHarness run : List.of(this, interleaved)) {
        run.hold(interactionBy(InteractionType.FOLLOW, T0, "o:w1"));
        run.hold(paidBy("o1", T0 + DAY, 10_000, "o:w1"));
        run.hold(link);
        run.hold(link); // the producer's re-send: the graph links nothing the second time
        run.watermark(T0 + 3 * DAY);
      }
      assertEquals(
          byCustomer(h.extractOutputValues(), ProfileUpdate::customerKey),
          byCustomer(interleaved.h.extractOutputValues(), ProfileUpdate::customerKey));
      assertEquals(NEW, state("m:M1").stage, "the merged history's order counts");
      assertEquals(T0, state("m:M1").firstSeen);
    } finally {
      interleaved.close();
    }
  }

  private static <T> Map<String, List<T>> byCustomer(List<T> rows, Function<T, String> key) {
    return rows.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
  }

  @Test
  void bindingAnOpenIdToAMemberMergesTheirHistories() throws Exception {
    send(interactionBy(InteractionType.FOLLOW, T0, "o:w1"));
    send(paidBy("o1", T0 + DAY, 10_000, "o:w1"));
    send(paidBy("o2", T0 + 2 * DAY, 20_000, "m:M1"));
    assertEquals(NEW, state("o:w1").stage);
    assertEquals(NEW, state("m:M1").stage);

    CustomerEvent binding = bind(T0 + 3 * DAY, "m:M1", "o:w1");
    send(binding);

    CustomerState merged = state("m:M1");
    assertEquals(ACTIVE, merged.stage, "two orders between them");
    assertEquals(2, merged.members.length);
    MemberHistory h = history("m:M1");
    assertEquals(2, h.lifetimeOrders);
    assertEquals(30_000, h.lifetimeNetFen);
    assertEquals(T0, h.firstSeen, "first seen as the open id");
    assertEquals(T0, merged.firstSeen);
    assertNull(state("o:w1"), "the absorbed customer is gone");
    assertEquals("m:M1", memberState("o:w1").canonical, "the open id's history moved");

    List<ProfileUpdate> closed = updates("o:w1");
    ProfileUpdate last = closed.get(closed.size() - 1);
    assertEquals("m:M1", last.mergedInto());
    assertTrue(last.version() > closed.get(closed.size() - 2).version(), "replaces earlier rows");
    assertEquals(
        new LifecycleTransition("m:M1", NEW, ACTIVE, T0 + 3 * DAY, "merge"),
        transitions().stream().filter(t -> t.cause().equals("merge")).findFirst().orElseThrow());
    assertEquals(
        List.of(new IdentityLink("o:w1", "m:M1", 3, T0 + 3 * DAY, "merge")),
        links().stream().filter(l -> l.cause().equals("merge")).toList());
    assertEquals(
        List.of(new CustomerMerge("o:w1", "m:M1", T0 + 3 * DAY, binding.header().eventId())),
        identity.getSideOutput(IdentityResolver.MERGES).stream()
            .map(StreamRecord::getValue)
            .toList(),
        "one merge notice for the absorbed customer, for the journeys");

    // Later events of the open id alone reach the merged customer.
    send(paidBy("o3", T0 + 4 * DAY, 5_000, "o:w1"));
    assertEquals(3, history("m:M1").lifetimeOrders);
    assertNull(state("o:w1"));
    assertEquals(3, lastUpdate().lifetimeOrders());
    assertEquals("m:M1", lastUpdate().customerKey());
  }

  @Test
  void chainsOfMergesEndAtTheStrongestIdentifier() throws Exception {
    send(paidBy("o1", T0, 10_000, "o:w1"));
    send(paidBy("o2", T0 + DAY, 10_000, "u:U1"));
    send(paidBy("o3", T0 + 2 * DAY, 10_000, "m:M1"));
    send(bind(T0 + 3 * DAY, "u:U1", "o:w1")); // open id → union id
    assertNull(state("o:w1"));
    assertEquals(2, history("u:U1").lifetimeOrders);
    send(bind(T0 + 4 * DAY, "m:M1", "u:U1")); // the union id's customer → member id
    assertNull(state("u:U1"));
    assertEquals(3, history("m:M1").lifetimeOrders);
    assertEquals(3, state("m:M1").members.length);
    assertEquals("m:M1", memberState("o:w1").canonical);
    send(interactionBy(InteractionType.PAGE_VIEW, T0 + 5 * DAY, "o:w1"));
    assertEquals(T0 + 5 * DAY, state("m:M1").lastEventTs, "the oldest identifier still arrives");
  }

  @Test
  void aNewStrongerIdentifierRekeysTheCustomer() throws Exception {
    send(paidBy("o1", T0, 10_000, "o:w1"));
    send(paidBy("o2", T0 + DAY, 10_000, "m:M2", "o:w1")); // an order with both ids
    assertNull(state("o:w1"));
    assertEquals(2, history("m:M2").lifetimeOrders);
    assertEquals(ACTIVE, state("m:M2").stage);
    assertEquals(
        "m:M2", updates("o:w1").get(updates("o:w1").size() - 1).mergedInto(), "closed o:w1");
  }

  @Test
  void theLifecycleTakesTheMergedHistory() throws Exception {
    send(paidBy("o1", T0, 10_000, "o:w1"));
    watermark(T0 + 100 * DAY);
    assertEquals(AT_RISK, state("o:w1").stage);
    send(paidBy("o2", T0 + 101 * DAY, 10_000, "m:M1"));
    assertEquals(NEW, state("m:M1").stage, "a first order, as far as the member id knows");
    send(bind(T0 + 102 * DAY, "m:M1", "o:w1"));
    assertEquals(WON_BACK, state("m:M1").stage, "an order after 101 quiet days");
    assertEquals(T0 + 101 * DAY, history("m:M1").lastPurchaseTs);
    watermark(T0 + 161 * DAY - 1);
    assertEquals(WON_BACK, state("m:M1").stage);
    watermark(T0 + 161 * DAY);
    assertEquals(AT_RISK, state("m:M1").stage, "ages from the merged customer's latest order");
  }

  @Test
  void aProspectMergedIntoABuyerKeepsTheBuyersStage() throws Exception {
    send(interactionBy(InteractionType.FOLLOW, T0, "o:w1"));
    send(paidBy("o1", T0 + DAY, 10_000, "m:M1"));
    send(bind(T0 + 2 * DAY, "m:M1", "o:w1"));
    assertEquals(NEW, state("m:M1").stage);
    assertEquals(PROSPECT, updates("o:w1").get(updates("o:w1").size() - 1).stage());
    assertEquals(1, h.numEventTimeTimers(), "the closed customer's timer is gone");
  }

  @Test
  void anInvitationCarriesTheInvitersCanonicalId() throws Exception {
    send(bind(T0, "m:R1", "o:r1")); // the inviter is a member with an open id
    send(inviteAccept("o:x1", "o:r1", T0 + DAY)); // the invitation names only the open id
    IdentityMessage invite =
        identity.extractOutputValues().stream()
            .filter(m -> m.event() != null && m.event().interaction().referrerIds() != null)
            .findFirst()
            .orElseThrow();
    assertEquals("m:R1", invite.resolved().referrerId());
    assertEquals("o:x1", invite.resolved().customerId());
  }

  @Test
  void eventsThatGoPastTheGraphJoinTheCustomerTheirIdentifierBelongsToAtTheirTime()
      throws Exception {
    // All read before the watermark passes any of it: the graph's output (released at the
    // watermark) comes after the events that went past it, and must still be applied first.
    CustomerEvent first = interactionBy(InteractionType.FOLLOW, T0, "o:w1");
    CustomerEvent before = interactionBy(InteractionType.FOLLOW, T0 + DAY, "o:w1");
    CustomerEvent link = bind(T0 + 2 * DAY, "m:M1", "o:w1");
    CustomerEvent after = interactionBy(InteractionType.FOLLOW, T0 + 3 * DAY, "o:w1");
    for (CustomerEvent e : List.of(first, before, link, after)) {
      hold(e);
    }
    watermark(T0 + 4 * DAY);
    assertEquals(
        List.of(first, link),
        identity.extractOutputValues().stream()
            .map(IdentityMessage::event)
            .filter(e -> e != null)
            .toList(),
        "only the events with a set of identifiers not seen before go to the graph");
    Map<String, String> customerOf =
        members.getSideOutput(MemberProfileFunction.ACCEPTED).stream()
            .map(StreamRecord::getValue)
            .collect(
                Collectors.toMap(r -> r.event().header().eventId(), ResolvedEvent::customerId));
    assertEquals("o:w1", customerOf.get(before.header().eventId()), "before the link");
    assertEquals("m:M1", customerOf.get(after.header().eventId()), "after the link");
    assertEquals(4, customerOf.size());
  }

  @Test
  void aPaidOrderThatGoesPastTheGraphStillCreditsTheInviterOnce() throws Exception {
    send(interactionBy(InteractionType.FOLLOW, T0, "m:R1"));
    send(interactionBy(InteractionType.FOLLOW, T0, "o:x1")); // the invitee's first event
    send(inviteAccept("o:x1", "m:R1", T0 + DAY));
    CustomerEvent order = paidBy("o1", T0 + 2 * DAY, 10_000, "o:x1"); // a known set: past
    CustomerEvent next = paidBy("o2", T0 + 3 * DAY, 10_000, "o:x1");
    send(order);
    send(next);
    assertEquals(
        List.of(),
        identity.extractOutputValues().stream()
            .filter(m -> m.event() != null && m.event().purchase() != null)
            .toList(),
        "the graph sends no event message for the orders: they went past it");
    assertEquals(
        2,
        members.getSideOutput(MemberProfileFunction.ACCEPTED).stream()
            .filter(r -> r.getValue().event().purchase() != null)
            .count(),
        "each order applied once, through the identifier's history");
    assertEquals(1, history("m:R1").inviteesBought, "the first paid order credits the inviter");
    assertEquals(2, history("o:x1").lifetimeOrders);
  }

  private List<IdentityLink> links() {
    var out = identity.getSideOutput(IdentityResolver.LINKS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }
}
