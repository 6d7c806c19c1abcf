-- journey_triggers: the trigger log, every journey firing once: status 'sent' (on the
-- campaign-triggers topic) or 'capped' (held back; cap_reason daily_cap, cooldown or once).
-- customer_id is the recipient's canonical id (the referrer for a referral reward), subject_id
-- whose events fired it. ReplacingMergeTree keyed by the deterministic trigger_id: a replayed
-- trigger replaces itself; partitioned by firing month, which a trigger never changes. Read with
-- FINAL (or through v_journey_conversion).
CREATE TABLE IF NOT EXISTS journey_triggers
(
    trigger_id           String,
    journey_id           String,
    customer_id          String,
    subject_id           String,
    status               String,
    cap_reason           String,
    fired_at             DateTime('UTC'),
    fired_at_ms          Int64,
    business_date        Date,
    cause                String,
    entry_event_id       String,
    entry_at_ms          Int64,
    template_id          String,
    channel              String,
    guide_id             String,
    sku                  String,
    campaign_id          String,
    order_id             String,
    attribution_until    DateTime('UTC'),
    attribution_until_ms Int64
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(fired_at)
ORDER BY trigger_id
