-- customer_profile: the current profile of every customer, one row per customer after merging:
-- ReplacingMergeTree(version) keeps the highest version, so replays and restarts cannot roll a
-- profile back. Read with FINAL. A customer absorbed into another by OneID keeps a last row with
-- merged_into = the customer it became; current-state views skip those rows. lifetime_net is the
-- historical CLV, predicted_clv the expected spend of the next 365 days. collector_progress lists
-- 'campaign:collected/total' per card campaign. social value: invites_accepted, invitees_bought,
-- fission_depth (generations of invitees below the customer).
-- Times are UTC (1970-01-01 00:00:00 = never); money CNY.
CREATE TABLE IF NOT EXISTS customer_profile
(
    customer_key      String,
    version           UInt64,
    updated_at        DateTime('UTC'),
    stage             String,
    stage_since       DateTime('UTC'),
    first_seen        DateTime('UTC'),
    first_purchase_at DateTime('UTC'),
    last_purchase_at  DateTime('UTC'),
    lifetime_orders   UInt32,
    lifetime_net      Decimal(18, 2),
    window_orders     UInt32,
    window_net        Decimal(18, 2),
    rfm_recency       UInt8,
    rfm_frequency     UInt8,
    rfm_monetary      UInt8,
    rfm_segment       String,
    high_value          UInt8,
    promotion_sensitive UInt8,
    preferred_channel   String,
    preferred_category  String,
    omnichannel         UInt8,
    scan_enthusiast     UInt8,
    guide_id            String,
    koc                 UInt8,
    collector_progress  String,
    invites_accepted    UInt32,
    invitees_bought     UInt32,
    fission_depth       UInt8,
    predicted_clv       Decimal(18, 2),
    merged_into         String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY customer_key
