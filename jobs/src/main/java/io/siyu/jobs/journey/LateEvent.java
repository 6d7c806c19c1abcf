package io.siyu.jobs.journey;

/**
 * An event the journey patterns did not take: late in its Kafka partition (decided by the
 * event-time gate; {@code watermark} is then the partition's watermark), or behind the journeys'
 * own watermark when it arrived (a live partition back from idle; {@code watermark} is that
 * watermark). Recorded (ClickHouse {@code journey_late_events}) and counted, never dropped
 * silently.
 */
public record LateEvent(String customerId, String kind, String eventId, long ts, long watermark) {}
