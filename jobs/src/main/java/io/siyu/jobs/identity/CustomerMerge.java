package io.siyu.jobs.identity;

/**
 * A customer absorbed by another at a merge (OneID): {@code absorbed} is the canonical id that
 * ceased to exist, {@code into} the survivor's. Sent once per absorbed customer, stamped with the
 * record timestamp of the event that linked them, so that steps keyed by the absorbed customer (the
 * journeys) can end what they hold for it in event-time order.
 */
public record CustomerMerge(String absorbed, String into, long at) {}
