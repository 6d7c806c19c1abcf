package io.siyu.jobs.journey;

/**
 * An event that reached the journeys after the watermark had passed its time, so the patterns can
 * no longer place it: recorded (ClickHouse {@code journey_late_events}) and counted, never dropped
 * silently. {@code watermark} is the journeys' watermark when it arrived.
 */
public record LateEvent(String customerId, String kind, String eventId, long ts, long watermark) {}
