package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.Recipient;
import io.siyu.jobs.config.JourneysConfig;
import java.io.Serializable;

/** Builds one journey's triggers: recipient, channel, context, deterministic id. */
final class TriggerFactory implements Serializable {
  private static final long serialVersionUID = 1L;

  private final JourneyDefinition journey;
  private final int priority;
  private final long attributionMs;
  private final String defaultChannel;

  TriggerFactory(JourneyDefinition journey, int priority, JourneysConfig settings) {
    this.journey = journey;
    this.priority = priority;
    this.attributionMs = settings.attributionWindow().toMillis();
    this.defaultChannel = settings.defaultChannel();
  }

  JourneyDefinition journey() {
    return journey;
  }

  /**
   * A trigger fired at {@code firedAt}: from {@code entry}, and {@code followUp} when the follow-up
   * fired it (null on a timeout or a single-step journey). {@code idPart} is what makes this firing
   * unique besides journey and recipient.
   */
  JourneyTrigger create(
      JourneyEvent entry, JourneyEvent followUp, long firedAt, String cause, String idPart) {
    boolean toReferrer = journey.recipient() == Recipient.REFERRER;
    String recipient = toReferrer ? entry.referrerId() : entry.customerId();
    JourneyEvent latest = followUp != null ? followUp : entry;
    String channel = journey.action().channel();
    if (JourneyDefinition.PREFERRED_CHANNEL.equals(channel)) {
      channel = latest.contactChannel() != null ? latest.contactChannel() : defaultChannel;
    }
    String orderId =
        followUp != null && followUp.orderId() != null ? followUp.orderId() : entry.orderId();
    return new JourneyTrigger(
        TriggerIds.of(journey.id(), recipient, idPart),
        journey.id(),
        recipient,
        entry.customerId(),
        firedAt,
        cause,
        entry.eventId(),
        entry.ts(),
        entry.sku(),
        entry.campaignId(),
        orderId,
        entry.referrerIds(),
        journey.action().template(),
        channel,
        // The guide serves the customer whose events these are, not a referrer.
        toReferrer ? null : latest.guideId(),
        priority,
        journey.exemptFromDailyCap(),
        JourneyTrigger.PENDING,
        null,
        firedAt + attributionMs);
  }
}
