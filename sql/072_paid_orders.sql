-- paid_orders: every paid order, with the customer's canonical id at the time (a compact table for
-- journey conversion: far narrower than events). Keyed by (customer, time, event): a re-sent row
-- replaces itself; read with FINAL.
CREATE TABLE IF NOT EXISTS paid_orders
(
    customer_key String,
    order_id     String,
    event_id     String,
    ts           DateTime('UTC'),
    ts_ms        Int64,
    amount       Decimal(18, 2)
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (customer_key, ts_ms, event_id)
