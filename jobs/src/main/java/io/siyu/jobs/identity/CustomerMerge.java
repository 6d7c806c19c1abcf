package io.siyu.jobs.identity;

/**
 * A customer absorbed by another at a merge (OneID): {@code absorbed} is the canonical id that
 * ceased to exist, {@code into} the survivor's, {@code byEventId} the event that linked them. Sent
 * once per absorbed customer, stamped with the record timestamp of that event, so that steps keyed
 * by the absorbed customer (the journeys) can end what they hold for it in event-time order.
 */
public record CustomerMerge(String absorbed, String into, long at, String byEventId) {

  /** The notice's id among the absorbed customer's events (unique per merge). */
  public String noticeId() {
    return byEventId + "|merged:" + into;
  }
}
