package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.ResolvedEvent;

/**
 * What identity resolution sends to the per-identifier history ({@code MemberProfileFunction}),
 * keyed by {@code memberKey}, in one stream so that per identifier they arrive in the order they
 * were decided:
 *
 * <ul>
 *   <li>an event ({@code event} set): the event's strongest identifier and its customer now;
 *   <li>a re-point ({@code event} and {@code credit} null): the identifier now belongs to {@code
 *       canonical} (a merge);
 *   <li>a credit ({@code credit} set): social value earned by the customer {@code canonical}.
 * </ul>
 *
 * <p>{@code seq} numbers the messages in the order the resolver decided them (it runs once, on
 * events in event-time order, so the numbering is a function of the records). Steps that merge
 * several upstream channels — the customer profile — put what they receive back into this order.
 */
public record IdentityMessage(
    String memberKey,
    String canonical,
    CustomerEvent event,
    Credit credit,
    int level,
    long seq,
    String referrer) {

  /**
   * An event of the customer {@code canonical}; {@code referrer} is the inviter's canonical id when
   * the event accepts an invitation, else null.
   */
  public static IdentityMessage event(
      String memberKey, String canonical, CustomerEvent event, String referrer, long seq) {
    return new IdentityMessage(memberKey, canonical, event, null, 0, seq, referrer);
  }

  public static IdentityMessage repoint(String memberKey, String canonical, long seq) {
    return new IdentityMessage(memberKey, canonical, null, null, 0, seq, null);
  }

  /**
   * Credits are kept under the customer's canonical id (an identifier of theirs like any other).
   */
  public static IdentityMessage credit(String canonical, Credit credit, int level, long seq) {
    return new IdentityMessage(canonical, canonical, null, credit, level, seq, null);
  }

  /** The event with its customer, for the journeys; null for re-points and credits. */
  public ResolvedEvent resolved() {
    return event == null ? null : new ResolvedEvent(canonical, event, referrer);
  }
}
