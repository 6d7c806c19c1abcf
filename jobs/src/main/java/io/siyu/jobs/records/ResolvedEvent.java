package io.siyu.jobs.records;

/**
 * A valid event with the canonical customer id identity resolution (OneID) gave it when it arrived:
 * what the profile and the journeys are keyed by.
 */
public record ResolvedEvent(String customerId, CustomerEvent event) {}
