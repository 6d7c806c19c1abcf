package io.siyu.jobs.records;

/** The fields every event has, whatever its stream. {@code ts} is event time, epoch millis UTC. */
public record EventHeader(
    String eventId,
    int schemaVersion,
    long ts,
    CustomerIds ids,
    String channel,
    String storeId,
    String guideId) {}
