package io.siyu.jobs.journey;

import io.siyu.jobs.records.CustomerIds;

/**
 * A journey firing for one customer: what the campaign system needs to act (template, channel,
 * guide, context) and what the trigger log needs (status, the cap that held it back). Emitted by
 * the pattern operators as {@link #PENDING}; {@link FrequencyCapFunction} makes it {@link #SENT} or
 * {@link #CAPPED}.
 *
 * @param triggerId deterministic: the same events give the same id on every replay ({@link
 *     TriggerIds})
 * @param customerId the recipient's canonical id (the referrer for a referral reward)
 * @param subjectId the customer whose events fired the journey (the invitee for a referral)
 * @param firedAt event time of firing: the follow-up's time, or entry + time limit on a timeout
 * @param cause {@link #CAUSE_EVENT} (an event fired it) or {@link #CAUSE_TIMEOUT} (time alone)
 * @param priority the journey's position in the journey file: lower wins under the daily cap
 * @param capReason why a capped trigger was held back: {@code daily_cap}, {@code cooldown}, {@code
 *     once}; null when sent
 * @param attributionUntil a purchase up to this time counts as the trigger's conversion
 */
public record JourneyTrigger(
    String triggerId,
    String journeyId,
    String customerId,
    String subjectId,
    long firedAt,
    String cause,
    String entryEventId,
    long entryAt,
    String sku,
    String campaignId,
    String orderId,
    CustomerIds referrerIds,
    String templateId,
    String channel,
    String guideId,
    int priority,
    boolean exemptFromDailyCap,
    String status,
    String capReason,
    long attributionUntil) {

  public static final String PENDING = "pending";
  public static final String SENT = "sent";
  public static final String CAPPED = "capped";
  public static final String CAUSE_EVENT = "event";
  public static final String CAUSE_TIMEOUT = "timeout";

  public JourneyTrigger withStatus(String newStatus, String reason) {
    return new JourneyTrigger(
        triggerId,
        journeyId,
        customerId,
        subjectId,
        firedAt,
        cause,
        entryEventId,
        entryAt,
        sku,
        campaignId,
        orderId,
        referrerIds,
        templateId,
        channel,
        guideId,
        priority,
        exemptFromDailyCap,
        newStatus,
        reason,
        attributionUntil);
  }

  public boolean sent() {
    return SENT.equals(status);
  }
}
