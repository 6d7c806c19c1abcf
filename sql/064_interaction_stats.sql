-- interaction_stats: interactions per minute and per business day (grain) by type, channel and
-- campaign (grouping 'detail'), with distinct customers. Versioned like scan_stats: read with FINAL.
CREATE TABLE IF NOT EXISTS interaction_stats
(
    grain           String,
    grouping        String,
    window_start    DateTime('UTC'),
    window_start_ms Int64,
    day             Date,
    type            String,
    channel         String,
    campaign_id     String,
    interactions    UInt64,
    customers       UInt64,
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (grain, grouping, window_start_ms, type, channel, campaign_id)
