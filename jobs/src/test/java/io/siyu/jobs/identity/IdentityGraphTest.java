package io.siyu.jobs.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity graph's rules, on a map instead of Flink state. */
class IdentityGraphTest {
  private final Map<String, IdNode> nodes = new HashMap<>();
  private final List<Repoint> repoints = new ArrayList<>();
  private final List<IdentityGraph.Award> awards = new ArrayList<>();
  private final IdentityGraph graph = new IdentityGraph(IdStore.of(nodes), 4);

  private String resolve(String... ids) throws Exception {
    repoints.clear();
    return graph.resolve(ids, repoints, awards).canonical();
  }

  @Test
  void theCanonicalIdIsTheStrongestWhateverTheOrderOfLinks() throws Exception {
    assertEquals("o:x", resolve("o:x"));
    assertEquals(List.of(new Repoint("o:x", null, "o:x")), repoints);
    assertEquals("u:b", resolve("u:b", "o:x"));
    assertEquals(
        List.of(new Repoint("o:x", "o:x", "u:b"), new Repoint("u:b", null, "u:b")), repoints);
    assertEquals("m:2", resolve("m:2", "p:h"));
    assertEquals("m:2", resolve("m:2", "u:b")); // both known: u:b's customer joins m:2
    assertEquals(
        List.of(new Repoint("u:b", "u:b", "m:2"), new Repoint("o:x", "u:b", "m:2")), repoints);
    for (String id : List.of("m:2", "p:h", "u:b", "o:x")) {
      assertEquals("m:2", graph.canonicalOf(id), id);
    }
    assertEquals(4, nodes.get("m:2").members.length);
    assertEquals("m:2", resolve("o:x"));
    assertTrue(repoints.isEmpty(), "a known identifier changes nothing");
  }

  @Test
  void amongEqualKindsTheSmallestWins() throws Exception {
    resolve("m:9");
    assertEquals("m:1", resolve("m:9", "m:1"));
    assertEquals("m:1", graph.canonicalOf("m:9"));
  }

  @Test
  void aLinkBeyondTheLimitIsRefused() throws Exception {
    resolve("m:1", "o:a", "o:b");
    resolve("m:2", "o:c");
    repoints.clear();
    IdentityGraph.Resolution r = graph.resolve(new String[] {"o:a", "o:c"}, repoints, awards);
    assertTrue(r.refused(), "5 identifiers > 4");
    assertEquals("m:1", r.canonical(), "the customer of the strongest identifier");
    assertEquals("m:2", graph.canonicalOf("o:c"), "nothing was linked");
    assertTrue(repoints.isEmpty());
  }

  @Test
  void aRefusedEventWhoseStrongestIdentifierIsNewStartsItsOwnCustomer() throws Exception {
    resolve("m:1", "o:a", "o:b");
    resolve("m:2", "o:c");
    repoints.clear();
    // m:0 is new; joining it to both customers would make 6 identifiers.
    IdentityGraph.Resolution r =
        graph.resolve(new String[] {"m:0", "o:a", "o:c"}, repoints, awards);
    assertTrue(r.refused());
    assertEquals("m:0", r.canonical(), "not the customer of a weaker identifier it came with");
    assertEquals("m:0", graph.canonicalOf("m:0"), "known from now on, so merges re-point it");
    assertEquals(List.of(new Repoint("m:0", null, "m:0")), repoints);
    assertEquals("m:1", graph.canonicalOf("o:a"));
  }

  @Test
  void referralsCreditTheInviterAndEveryGenerationAbove() throws Exception {
    resolve("m:r");
    resolve("m:a");
    graph.inviteAccepted("m:a", "m:r", 10, awards);
    assertEquals(
        List.of(
            new IdentityGraph.Award("m:r", Credit.INVITE_ACCEPTED, 1),
            new IdentityGraph.Award("m:r", Credit.FISSION, 1)),
        awards);
    awards.clear();
    resolve("m:b");
    graph.inviteAccepted("m:b", "m:a", 20, awards); // an invitee of an invitee
    assertEquals(
        List.of(
            new IdentityGraph.Award("m:a", Credit.INVITE_ACCEPTED, 1),
            new IdentityGraph.Award("m:a", Credit.FISSION, 1),
            new IdentityGraph.Award("m:r", Credit.FISSION, 2)),
        awards);
    awards.clear();
    graph.inviteAccepted("m:b", "m:r", 30, awards);
    assertTrue(awards.isEmpty(), "only the first accepted invitation counts");

    graph.purchased("m:b", 40, awards);
    graph.purchased("m:b", 50, awards);
    assertEquals(List.of(new IdentityGraph.Award("m:a", Credit.INVITEE_BOUGHT, 1)), awards);
  }

  @Test
  void anInviteeWhoBoughtCountsWhicheverIsReadFirst() throws Exception {
    resolve("m:r");
    resolve("m:a");
    graph.purchased("m:a", 5, awards); // before accepting: not the invitation's doing
    graph.purchased("m:a", 50, awards); // after accepting, but read before the invitation
    assertTrue(awards.isEmpty());
    graph.inviteAccepted("m:a", "m:r", 10, awards);
    assertEquals(
        List.of(
            new IdentityGraph.Award("m:r", Credit.INVITE_ACCEPTED, 1),
            new IdentityGraph.Award("m:r", Credit.INVITEE_BOUGHT, 1),
            new IdentityGraph.Award("m:r", Credit.FISSION, 1)),
        awards);
    awards.clear();
    graph.purchased("m:a", 60, awards);
    assertTrue(awards.isEmpty(), "credited once");

    resolve("m:b");
    graph.purchased("m:b", 5, awards);
    graph.inviteAccepted("m:b", "m:r", 10, awards);
    assertFalse(
        awards.contains(new IdentityGraph.Award("m:r", Credit.INVITEE_BOUGHT, 1)),
        "bought only before accepting");
  }

  @Test
  void anInvitationAndAnOrderUnderIdentitiesLinkedLaterAreCreditedAtTheMerge() throws Exception {
    resolve("m:r");
    resolve("o:x");
    graph.inviteAccepted("o:x", "m:r", 10, awards); // accepted in WeChat
    resolve("m:y");
    graph.purchased("m:y", 20, awards); // bought as a member, not yet known to be o:x
    awards.clear();
    assertEquals("m:y", resolve("m:y", "o:x")); // bind_member
    assertEquals(List.of(new IdentityGraph.Award("m:r", Credit.INVITEE_BOUGHT, 1)), awards);
    awards.clear();
    graph.purchased("m:y", 30, awards);
    assertTrue(awards.isEmpty(), "credited once");
  }

  @Test
  void creditsFollowTheInviterThroughAMerge() throws Exception {
    resolve("o:r");
    resolve("m:a");
    graph.inviteAccepted("m:a", "o:r", 10, awards);
    resolve("m:r", "o:r"); // the inviter binds a member id
    awards.clear();
    graph.purchased("m:a", 20, awards);
    assertEquals(List.of(new IdentityGraph.Award("m:r", Credit.INVITEE_BOUGHT, 1)), awards);
    assertFalse(nodes.get("m:a").referrer == null);
  }
}
