-- sales_stats: purchases per minute and per business day (grain), computed by the job in event
-- time. grouping 'channel', 'store_guide' (store_id, guide_id) or 'detail' (all three); online
-- orders have store_id ''. orders/gmv/coupon_orders/discount/first_time_buyer_orders count paid
-- events, refunds/refund_amount refunded ones; buyers = distinct customers with a paid order;
-- bound_customers (grouping store_guide) = distinct customers who added the guide (guide_add).
-- Versioned like scan_stats: read with FINAL.
CREATE TABLE IF NOT EXISTS sales_stats
(
    grain                   String,
    grouping                String,
    window_start            DateTime('UTC'),
    window_start_ms         Int64,
    day                     Date,
    channel                 String,
    store_id                String,
    guide_id                String,
    orders                  UInt64,
    gmv                     Decimal(18, 2),
    refunds                 UInt64,
    refund_amount           Decimal(18, 2),
    coupon_orders           UInt64,
    discount                Decimal(18, 2),
    first_time_buyer_orders UInt64,
    buyers                  UInt64,
    bound_customers         UInt64,
    version                 UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(window_start)
ORDER BY (grain, grouping, window_start_ms, channel, store_id, guide_id)
