package io.siyu.jobs.journey;

import io.siyu.jobs.records.CustomerIds;

/**
 * One customer event as the journey patterns see it, in event-time order per customer: its kind
 * (see {@link EventKinds}), what a trigger's context needs, and what only the customer's history
 * knows — the kinds seen before ({@code seenBefore}, a bit per kind, for "first scan"/"first
 * order") and the customer's preferred contact channel and guide at that moment.
 *
 * @param kind an event name of the journey file: scan, purchase, refund, lifecycle, follow, ...; or
 *     {@link EventKinds#MERGED}, the customer's merge notice
 * @param seenBefore bit {@link EventKinds#bit(String)} set = the customer had such an event before
 * @param contactChannel the last contactable channel the customer used up to this event, or null
 * @param guideId the customer's store guide as last known, or null
 * @param referrerId the inviter's canonical customer id when the invitation was accepted
 *     (invite_accept), or null
 * @param stage the stage entered (lifecycle), or null
 */
public record JourneyEvent(
    String customerId,
    String kind,
    String eventId,
    long ts,
    long seenBefore,
    String contactChannel,
    String guideId,
    String sku,
    String campaignId,
    String orderId,
    String card,
    String referrerId,
    CustomerIds referrerIds,
    String stage) {

  /** This event with {@code seenBefore} replaced. */
  public JourneyEvent withSeenBefore(long mask) {
    return new JourneyEvent(
        customerId,
        kind,
        eventId,
        ts,
        mask,
        contactChannel,
        guideId,
        sku,
        campaignId,
        orderId,
        card,
        referrerId,
        referrerIds,
        stage);
  }

  /** True if the customer had an event of any kind in {@code mask} before this one. */
  public boolean seenAnyOf(long mask) {
    return (seenBefore & mask) != 0;
  }
}
