-- funnel_stats: per campaign, minute and business day, the distinct customers at each step:
-- followed (follow with the campaign), scanned (a code of the campaign), carted (add_to_cart with
-- the campaign), purchased (a paid order with a sku of the campaign's code batches).
-- Versioned like scan_stats: read with FINAL.
CREATE TABLE IF NOT EXISTS funnel_stats
(
    grain           String,
    grouping        String,
    window_start    DateTime('UTC'),
    window_start_ms Int64,
    day             Date,
    campaign_id     String,
    followed        UInt64,
    scanned         UInt64,
    carted          UInt64,
    purchased       UInt64,
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (grain, grouping, window_start_ms, campaign_id)
