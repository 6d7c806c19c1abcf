-- journey_late_events: events that reached the journeys after the watermark had passed their
-- time (the patterns can no longer place them). Recorded so that none vanishes silently; a
-- growing count means watermarks.max-out-of-orderness is too small for the producers.
CREATE TABLE IF NOT EXISTS journey_late_events
(
    customer_id  String,
    event_id     String,
    kind         String,
    ts           DateTime('UTC'),
    ts_ms        Int64,
    watermark_ms Int64
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (customer_id, event_id)
