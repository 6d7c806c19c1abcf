package io.siyu.jobs.records;

/**
 * A valid event with the canonical customer id identity resolution (OneID) gave it at its place in
 * event time: what the journeys are keyed by. {@code referrerId} is the inviter's canonical id at
 * that moment when the event accepts an invitation, else null.
 */
public record ResolvedEvent(String customerId, CustomerEvent event, String referrerId) {}
