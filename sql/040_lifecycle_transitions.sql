-- lifecycle_transitions: every lifecycle move (from_stage '' when first seen), at event time.
-- Keyed by (customer, instant, target stage): a replayed transition replaces itself.
CREATE TABLE IF NOT EXISTS lifecycle_transitions
(
    customer_key  String,
    from_stage    String,
    to_stage      String,
    at            DateTime('UTC'),
    at_ms         Int64,
    business_date Date,
    cause         String
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (customer_key, at_ms, to_stage)
