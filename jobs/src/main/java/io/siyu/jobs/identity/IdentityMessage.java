package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.ResolvedEvent;
import java.util.Comparator;

/**
 * What identity resolution sends to the per-identifier history ({@code MemberProfileFunction}),
 * keyed by {@code memberKey}, so that per identifier they are applied in the order they were
 * decided:
 *
 * <ul>
 *   <li>an event ({@code event} set): the event's strongest identifier and its customer now — or,
 *       for an event whose identifiers were already linked ({@link LinkScreen}), {@code canonical}
 *       null: the identifier's history knows its customer;
 *   <li>a re-point ({@code event} and {@code credit} null): the identifier now belongs to {@code
 *       canonical} (a merge);
 *   <li>a credit ({@code credit} set): social value earned by the customer {@code canonical}.
 * </ul>
 *
 * <p>The order is a function of the records, not of how they travelled: the record timestamp, then
 * the id and stream of the event that caused the message ({@code eventId}, {@code stream}: the
 * event itself for an event message), then {@code step}, the place of the message among those the
 * event caused: its re-points (0, 1, …), the event ({@link #EVENT_STEP}), its credits (after it).
 * Steps that merge several upstream channels put what they receive back into this order ({@link
 * #ORDER}).
 *
 * <p>The event's own step is fixed, whatever else it caused: a producer re-send of a linking event
 * links nothing the second time, and its copy must still sort with the original, not before the
 * original's re-points (the identifier's history then drops it as a re-send).
 */
public record IdentityMessage(
    String memberKey,
    String canonical,
    CustomerEvent event,
    Credit credit,
    int level,
    String referrer,
    String eventId,
    int stream,
    int step) {

  /** The step of an event message: after any re-point it caused, before any credit. */
  public static final int EVENT_STEP = 1 << 20;

  /** The order of messages at one record timestamp. */
  public static final Comparator<IdentityMessage> ORDER =
      Comparator.comparing(IdentityMessage::eventId)
          .thenComparingInt(IdentityMessage::stream)
          .thenComparingInt(IdentityMessage::step);

  /**
   * An event of the customer {@code canonical}; {@code referrer} is the inviter's canonical id when
   * the event accepts an invitation, else null.
   */
  public static IdentityMessage event(
      String memberKey, String canonical, CustomerEvent event, String referrer) {
    return new IdentityMessage(
        memberKey,
        canonical,
        event,
        null,
        0,
        referrer,
        event.header().eventId(),
        event.kind().ordinal(),
        EVENT_STEP);
  }

  /**
   * An event whose identifiers were linked by an earlier event: it belongs to the customer its
   * strongest identifier's history belongs to.
   */
  public static IdentityMessage alreadyLinked(String strongestId, CustomerEvent event) {
    return event(strongestId, null, event, null);
  }

  public static IdentityMessage repoint(
      String memberKey, String canonical, CustomerEvent cause, int step) {
    return new IdentityMessage(
        memberKey,
        canonical,
        null,
        null,
        0,
        null,
        cause.header().eventId(),
        cause.kind().ordinal(),
        step);
  }

  /**
   * Credits are kept under the customer's canonical id (an identifier of theirs like any other).
   */
  public static IdentityMessage credit(
      String canonical, Credit credit, int level, CustomerEvent cause, int step) {
    return new IdentityMessage(
        canonical,
        canonical,
        null,
        credit,
        level,
        null,
        cause.header().eventId(),
        cause.kind().ordinal(),
        step);
  }

  /** The event with its customer, for the journeys; null for re-points and credits. */
  public ResolvedEvent resolved() {
    return event == null ? null : new ResolvedEvent(canonical, event, referrer);
  }
}
