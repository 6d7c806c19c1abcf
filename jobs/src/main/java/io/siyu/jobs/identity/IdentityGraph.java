package io.siyu.jobs.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OneID: which identifiers belong to one customer, and who invited whom. Identifiers seen together
 * on one event (a {@code bind_member}, an order carrying a member id and a phone, …) are one
 * customer from then on; the customer's canonical id is their strongest identifier ({@link
 * CustomerKey#stronger}), so the end result does not depend on the order links arrived in.
 *
 * <p>Every identifier points straight at its canonical id: resolving an event costs one lookup per
 * identifier it carries; a merge re-points the identifiers of the absorbed customer (few: a person
 * has a handful). A link that would give one customer more than {@code maxIds} identifiers is
 * refused — a shared phone or a faulty integration must not fuse thousands of people into one.
 *
 * <p>Not thread-safe; pure apart from the {@link IdStore}.
 */
public final class IdentityGraph {
  /** How far up the referral tree a new invitee is credited (fission depth is capped here). */
  static final int MAX_FISSION_LEVELS = 8;

  private final IdStore store;
  private final int maxIds;

  public IdentityGraph(IdStore store, int maxIds) {
    this.store = store;
    this.maxIds = maxIds;
  }

  /** The outcome of resolving one event's identifiers. */
  public record Resolution(String canonical, boolean refused) {}

  /**
   * Resolves identifiers seen together (strongest first, as {@link CustomerKey#all} gives them),
   * linking them into one customer. Every identifier that is new or now points elsewhere is added
   * to {@code repoints}; a credit the merge makes due (an invitee's order and invitation seen under
   * identities that were apart) to {@code awards}.
   */
  public Resolution resolve(String[] ids, List<Repoint> repoints, List<Award> awards)
      throws Exception {
    // The canonical ids of the customers the identifiers belong to, and the new identifiers.
    Map<String, IdNode> customers = new LinkedHashMap<>(2);
    List<String> fresh = new ArrayList<>(0);
    for (String id : ids) {
      IdNode node = store.get(id);
      if (node == null) {
        fresh.add(id);
      } else if (!customers.containsKey(node.canonical)) {
        customers.put(node.canonical, node.canonical.equals(id) ? node : null);
      }
    }
    if (fresh.isEmpty() && customers.size() == 1) {
      return new Resolution(customers.keySet().iterator().next(), false); // the common case
    }
    for (Map.Entry<String, IdNode> c : customers.entrySet()) {
      if (c.getValue() == null) {
        c.setValue(store.get(c.getKey()));
      }
    }
    int size = fresh.size();
    for (IdNode root : customers.values()) {
      size += root.members.length;
    }
    if (size > maxIds) {
      return refuse(ids, customers, repoints);
    }

    String winner = null;
    for (String c : customers.keySet()) {
      winner = winner == null || CustomerKey.stronger(c, winner) ? c : winner;
    }
    for (String f : fresh) {
      winner = winner == null || CustomerKey.stronger(f, winner) ? f : winner;
    }
    IdNode root = customers.containsKey(winner) ? customers.get(winner) : IdNode.pointingAt(winner);
    boolean merged = false;
    Set<String> members = new LinkedHashSet<>();
    members.add(winner);
    if (root.members != null) {
      members.addAll(List.of(root.members));
    }
    for (Map.Entry<String, IdNode> c : customers.entrySet()) {
      if (c.getKey().equals(winner)) {
        continue;
      }
      IdNode loser = c.getValue();
      absorbSocial(root, loser);
      merged = true;
      for (String m : loser.members) {
        members.add(m);
        repoints.add(new Repoint(m, c.getKey(), winner));
        if (!m.equals(winner)) {
          store.put(m, IdNode.pointingAt(winner));
        }
      }
    }
    for (String f : fresh) {
      members.add(f);
      repoints.add(new Repoint(f, null, winner));
      if (!f.equals(winner)) {
        store.put(f, IdNode.pointingAt(winner));
      }
    }
    root.canonical = winner;
    root.members = members.toArray(new String[0]);
    store.put(winner, root);
    if (merged
        && root.referrer != null
        && !root.inviteeBought
        && root.lastPaidAt >= root.invitedAt
        && !winner.equals(canonicalOf(root.referrer))) {
      // The invitation and a later order were made under identities that were apart until now.
      root.inviteeBought = true;
      store.put(winner, root);
      awards.add(new Award(canonicalOf(root.referrer), Credit.INVITEE_BOUGHT, 1));
    }
    return new Resolution(winner, false);
  }

  /**
   * Links nothing: the event belongs to the customer of its strongest identifier — a new customer
   * of that identifier alone if it is new. (Always its strongest identifier's customer, so that the
   * identifier's history, which every later event with the same identifiers joins without asking
   * the graph, follows that customer through merges: see {@link LinkScreen}.)
   */
  private Resolution refuse(String[] ids, Map<String, IdNode> customers, List<Repoint> repoints)
      throws Exception {
    IdNode node = store.get(ids[0]);
    if (node != null) {
      return new Resolution(node.canonical, true);
    }
    IdNode root = IdNode.pointingAt(ids[0]);
    root.members = new String[] {ids[0]};
    store.put(ids[0], root);
    repoints.add(new Repoint(ids[0], null, ids[0]));
    return new Resolution(ids[0], true);
  }

  /** The canonical id of a known identifier, or null. */
  public String canonicalOf(String id) throws Exception {
    IdNode node = store.get(id);
    return node == null ? null : node.canonical;
  }

  /** A credit for the inviter {@code canonical} (a customer's canonical id at this moment). */
  public record Award(String canonical, Credit credit, int level) {}

  /**
   * {@code invitee} accepted an invitation of {@code inviter} (both canonical ids). The first
   * accepted invitation counts; the inviter earns it, and every customer above the inviter in the
   * referral tree earns fission at the invitee's depth below them.
   */
  public void inviteAccepted(String invitee, String inviter, long at, List<Award> awards)
      throws Exception {
    if (invitee.equals(inviter)) {
      return; // inviting yourself (a second identity, linked since) earns nothing
    }
    IdNode x = store.get(invitee);
    if (x.referrer != null) {
      return;
    }
    IdNode r = store.get(inviter);
    x.referrer = inviter;
    x.generation = r.generation + 1;
    x.invitedAt = at;
    // An order paid after accepting but read before the invitation (another topic) counts too.
    boolean alreadyBought = x.lastPaidAt >= at;
    x.inviteeBought = alreadyBought;
    store.put(invitee, x);
    awards.add(new Award(inviter, Credit.INVITE_ACCEPTED, 1));
    if (alreadyBought) {
      awards.add(new Award(inviter, Credit.INVITEE_BOUGHT, 1));
    }
    IdNode ancestor = r;
    for (int level = 1; ancestor != null && level <= MAX_FISSION_LEVELS; level++) {
      if (ancestor.canonical.equals(invitee)) {
        break; // a cycle through merged identities: stop at the invitee
      }
      awards.add(new Award(ancestor.canonical, Credit.FISSION, level));
      ancestor = ancestor.referrer == null ? null : root(ancestor.referrer);
    }
  }

  /**
   * {@code buyer} (a canonical id) paid an order at event time {@code at}: the first order an
   * invitee pays after accepting credits the inviter, whichever of the two is read first.
   */
  public void purchased(String buyer, long at, List<Award> awards) throws Exception {
    IdNode x = store.get(buyer);
    boolean later = at > x.lastPaidAt;
    boolean credit = x.referrer != null && !x.inviteeBought && at >= x.invitedAt;
    if (!later && !credit) {
      return;
    }
    x.lastPaidAt = Math.max(x.lastPaidAt, at);
    if (credit) {
      x.inviteeBought = true;
      awards.add(new Award(canonicalOf(x.referrer), Credit.INVITEE_BOUGHT, 1));
    }
    store.put(buyer, x);
  }

  private IdNode root(String id) throws Exception {
    return store.get(store.get(id).canonical);
  }

  /**
   * A merged customer keeps the first inviter either side had, any credit already given and the
   * latest paid order of both.
   */
  private static void absorbSocial(IdNode winner, IdNode loser) {
    if (winner.referrer == null && loser.referrer != null) {
      winner.referrer = loser.referrer;
      winner.generation = loser.generation;
      winner.invitedAt = loser.invitedAt;
    }
    winner.inviteeBought |= loser.inviteeBought;
    winner.lastPaidAt = Math.max(winner.lastPaidAt, loser.lastPaidAt);
  }
}
