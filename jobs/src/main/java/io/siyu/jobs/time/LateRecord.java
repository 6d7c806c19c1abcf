package io.siyu.jobs.time;

/**
 * A valid event that arrived behind its partition's event time ({@link EventTimeGate}): recorded in
 * ClickHouse {@code late_events} (one row per Kafka record, so a re-send that is late twice is two
 * rows, as the {@code lateEvents} counter counts it) and not dropped: it goes on with {@code
 * effectiveTs}, the position its partition had reached, as record timestamp.
 */
public record LateRecord(
    String stream, int partition, long offset, String eventId, long ts, long effectiveTs) {}
