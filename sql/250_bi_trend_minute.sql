-- bi_trend_minute (BI contract): the real-time trend: scans, paid orders, GMV and interactions per
-- minute (UTC), from the minute rows of the aggregates.
CREATE VIEW IF NOT EXISTS bi_trend_minute AS
SELECT minute, sum(scans) AS scans, sum(orders) AS orders, sum(gmv) AS gmv,
       sum(interactions) AS interactions
FROM
(
    SELECT window_start AS minute, scans, toUInt64(0) AS orders, toDecimal64(0, 2) AS gmv,
           toUInt64(0) AS interactions
    FROM scan_stats FINAL
    WHERE grain = 'minute' AND grouping = 'campaign'
    UNION ALL
    SELECT window_start AS minute, toUInt64(0) AS scans, orders, gmv, toUInt64(0) AS interactions
    FROM sales_stats FINAL
    WHERE grain = 'minute' AND grouping = 'channel'
    UNION ALL
    SELECT window_start AS minute, toUInt64(0) AS scans, toUInt64(0) AS orders,
           toDecimal64(0, 2) AS gmv, interactions
    FROM interaction_stats FINAL
    WHERE grain = 'minute'
)
GROUP BY minute
