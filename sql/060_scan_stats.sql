-- scan_stats: scans per minute and per business day (grain), computed by the job in event time.
-- grouping 'detail': by campaign, sku, batch, issued and scan region; 'campaign': by campaign only
-- (the other dimensions ''). Distinct counts (scanners, codes) hold within their own row only.
-- A row is re-sent with a higher version when a later or late record changes it; the highest
-- version is the final value: read with FINAL (or through bi_* views). Money CNY, times UTC,
-- day = the business day in the configured zone.
CREATE TABLE IF NOT EXISTS scan_stats
(
    grain             String,
    grouping          String,
    window_start      DateTime('UTC'),
    window_start_ms   Int64,
    day               Date,
    campaign_id       String,
    sku               String,
    batch_id          String,
    issued_region     String,
    scan_region       String,
    scans             UInt64,
    first_scans       UInt64,
    repeat_scans      UInt64,
    diverted_scans    UInt64,
    red_packets       UInt64,
    red_packet_amount Decimal(18, 2),
    points_rewards    UInt64,
    points_amount     Decimal(18, 2),
    card_rewards      UInt64,
    scanners          UInt64,
    codes             UInt64,
    version           UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (grain, grouping, window_start_ms, campaign_id, sku, batch_id, issued_region, scan_region)
