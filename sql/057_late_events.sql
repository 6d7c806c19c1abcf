-- late_events: valid events that were behind their Kafka partition's event time when read
-- (ts <= the partition's largest event time so far - watermarks.max-out-of-orderness - 1).
-- They are not dropped: every stateful step applies them at effective_ms, the position their
-- partition had reached. The decision depends only on the partition's own record order, so a
-- replay records exactly the rows live processing did. A growing count means the producers are
-- more out of order than watermarks.max-out-of-orderness allows. Keyed by the Kafka coordinates:
-- a row re-written after a restart is one row after merging, two late re-sends stay two.
CREATE TABLE IF NOT EXISTS late_events
(
    stream           String,
    source_partition Int32,
    source_offset    Int64,
    event_id         String,
    ts               DateTime('UTC'),
    ts_ms            Int64,
    effective_ms     Int64
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (stream, source_partition, source_offset)
