package io.siyu.jobs.time;

/**
 * A valid event that arrived behind its partition's event time ({@link EventTimeGate}): recorded in
 * ClickHouse {@code late_events} and counted. It is not dropped: every stateful step applies it at
 * {@code effectiveTs}, the moment its partition's event time had reached when it was read.
 */
public record LateRecord(String stream, int partition, String eventId, long ts, long effectiveTs) {}
