-- tag_changes: every change of a customer tag (high_value, promotion_sensitive, preferred_channel,
-- preferred_category, omnichannel, scan_enthusiast, guide_bound), once, at event time; '' is none.
-- Keyed by (customer, tag, instant): a replayed change replaces itself.
CREATE TABLE IF NOT EXISTS tag_changes
(
    customer_key  String,
    tag           String,
    from_value    String,
    to_value      String,
    at            DateTime('UTC'),
    at_ms         Int64,
    business_date Date
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (customer_key, tag, at_ms)
