-- dead_letters: every rejected input record, with where it came from and why.
-- Keyed by its Kafka coordinates (topic, partition, offset), so a replay replaces rather than
-- duplicates; read with FINAL for exact counts. payload is truncated and phone numbers in it are
-- replaced by their salted hash.
CREATE TABLE IF NOT EXISTS dead_letters
(
    source_topic     String,
    source_partition Int32,
    source_offset    Int64,
    kafka_ts         DateTime('UTC'),
    reason           String,
    detail           String,
    payload          String,
    payload_bytes    UInt32,
    detected_at      DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(kafka_ts)
ORDER BY (source_topic, source_partition, source_offset)
