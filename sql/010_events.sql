-- events: every valid input event, flattened to one row (scan, purchase and interaction alike).
-- ReplacingMergeTree keyed by (stream, event_id): a replayed or re-sent event replaces itself,
-- so read with FINAL (or through v_events) for exact counts. Partitioned by event month, which
-- an event never changes, so duplicates always meet in the same partition.
-- Amounts are CNY with 2 decimals; ts is UTC, business_date is the day in the configured zone.
CREATE TABLE IF NOT EXISTS events
(
    event_id            String,
    stream              String,
    event_type          String,
    schema_version      UInt16,
    ts                  DateTime('UTC'),
    ts_ms               Int64,
    business_date       Date,
    member_id           String,
    union_id            String,
    open_id             String,
    phone_hash          String,
    channel             String,
    store_id            String,
    guide_id            String,
    campaign_id         String,
    sku                 String,
    code                String,
    batch_id            String,
    issued_region       String,
    scan_region         String,
    reward_type         String,
    reward_amount       Decimal(18, 2),
    card                String,
    order_id            String,
    amount              Decimal(18, 2),
    discount            Decimal(18, 2),
    coupon_id           String,
    item_count          UInt32,
    item_skus           Array(String),
    item_categories     Array(String),
    referrer_member_id  String,
    referrer_union_id   String,
    referrer_open_id    String,
    referrer_phone_hash String,
    ingested_at         DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (stream, event_id)
