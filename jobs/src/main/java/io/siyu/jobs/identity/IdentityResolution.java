package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.PurchaseStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What identity resolution does per event, without Flink: link the identifiers it carries (and an
 * inviter's), and report re-points, merges and referral credits, each message with its step among
 * those the event caused ({@link IdentityMessage#step}). {@link IdentityResolver} runs it in the
 * job on the events that need the graph ({@link LinkScreen}); the benchmark's naive baseline runs
 * it over a map on every event.
 */
public final class IdentityResolution {
  /** Where the results go, in the order they must be emitted. */
  public interface Output {
    void message(IdentityMessage m);

    /** A row of the identity map, at the event's time: {@code cause} first_seen, link or merge. */
    void link(Repoint p, String cause, long ts) throws Exception;

    /** One notice per customer absorbed by a merge. */
    void merged(String absorbed, String into, String eventId);

    void refused();
  }

  private final IdentityGraph graph;
  private final List<Repoint> repoints = new ArrayList<>();
  private final List<IdentityGraph.Award> awards = new ArrayList<>();

  /** The step of the current event's next re-point, and of its next credit. */
  private int repointStep;

  private int creditStep;

  public IdentityResolution(IdStore store, int maxIdsPerCustomer) {
    this.graph = new IdentityGraph(store, maxIdsPerCustomer);
  }

  public void resolve(CustomerEvent event, Output out) throws Exception {
    long ts = event.header().ts();
    String[] ids = CustomerKey.all(event.header().ids());
    repointStep = 0;
    creditStep = IdentityMessage.EVENT_STEP + 1;
    String canonical = link(ids, ts, event, out);
    InteractionEvent interaction = event.interaction();
    String inviter = null;
    if (interaction != null
        && interaction.type() == InteractionType.INVITE_ACCEPT
        && interaction.referrerIds() != null
        && !interaction.referrerIds().isEmpty()) {
      inviter = link(CustomerKey.all(interaction.referrerIds()), ts, event, out);
      // (Linking the inviter may have merged the invitee, when they share an identifier.)
      canonical = graph.canonicalOf(canonical);
    }
    if (!LinkScreen.isPaidNotice(event)) {
      out.message(IdentityMessage.event(ids[0], canonical, event, inviter));
    }

    if (inviter != null) {
      graph.inviteAccepted(canonical, inviter, ts, awards);
    } else if (event.purchase() != null && event.purchase().status() == PurchaseStatus.PAID) {
      graph.purchased(canonical, ts, awards);
    }
    for (IdentityGraph.Award a : awards) {
      out.message(
          IdentityMessage.credit(a.canonical(), a.credit(), a.level(), event, creditStep++));
    }
    awards.clear();
  }

  /** Resolves identifiers seen together; reports the re-points and their identity-map rows. */
  private String link(String[] ids, long ts, CustomerEvent event, Output out) throws Exception {
    IdentityGraph.Resolution r = graph.resolve(ids, repoints, awards);
    if (r.refused()) {
      out.refused();
    }
    String absorbed = null;
    for (Repoint p : repoints) {
      String cause = p.from() == null ? (p.id().equals(p.to()) ? "first_seen" : "link") : "merge";
      out.link(p, cause, ts);
      if (p.from() != null) {
        if (!p.from().equals(absorbed)) {
          // Re-points come grouped by the customer they leave: one notice per absorbed customer.
          absorbed = p.from();
          out.merged(absorbed, p.to(), event.header().eventId());
        }
        out.message(IdentityMessage.repoint(p.id(), p.to(), event, repointStep++));
      }
    }
    repoints.clear();
    return r.canonical();
  }
}
