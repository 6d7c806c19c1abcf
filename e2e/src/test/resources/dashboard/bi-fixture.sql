-- DashboardIT: tables named and shaped like the bi_* views (the contract of the dashboard), filled
-- with a small synthetic but plausible history: four weeks of January 2026, four channels, 24
-- guides in 6 stores, 5 campaigns, 8 regions, 11 monthly cohorts, 7 journeys, the last 6 hours
-- per minute. Deterministic (intHash32 of the row number). {db} is the scratch database.
-- Statements are separated by lines that end with ';'. Runs on ClickHouse 18.16 and current.

CREATE TABLE {db}.bi_sales_daily (day Date, channel String, orders UInt64, buyers UInt64,
    gmv Decimal(18, 2), refunds UInt64, refund_amount Decimal(18, 2), coupon_orders UInt64,
    discount Decimal(18, 2), first_time_buyer_orders UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_sales_daily
SELECT day, channel, orders, toUInt64(orders * 0.86) AS buyers,
       toDecimal64(orders * (150 + h % 70), 2) AS gmv, toUInt64(orders * 0.04) AS refunds,
       toDecimal64(orders * 0.04 * 170, 2) AS refund_amount, toUInt64(orders * 0.3) AS coupon_orders,
       toDecimal64(orders * 0.3 * 18, 2) AS discount, toUInt64(orders * 0.22) AS first_time_buyer_orders
FROM (
    SELECT toDate('2026-01-05') + intDiv(number, 4) AS day,
           ['mini_program', 'wecom', 'app', 'store_pos'][number % 4 + 1] AS channel,
           intHash32(number) AS h,
           toUInt64([260, 140, 90, 60][number % 4 + 1]
                    * if(toDayOfWeek(day) >= 6, 1.35, 1.0) * (1 + intDiv(number, 4) / 60)
                    + h % 25) AS orders
    FROM system.numbers LIMIT 112
);

CREATE TABLE {db}.bi_sales_by_guide_daily (day Date, store_id String, guide_id String,
    orders UInt64, gmv Decimal(18, 2), bound_customers UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_sales_by_guide_daily
SELECT day, store_id, guide_id, orders, toDecimal64(orders * (160 + h % 90), 2) AS gmv,
       toUInt64(40 + g * 7 + intDiv(toUInt32(day - toDate('2026-01-05')), 3)) AS bound_customers
FROM (
    SELECT toDate('2026-01-05') + intDiv(number, 24) AS day, number % 24 AS g,
           concat('store-', toString(g % 6 + 1)) AS store_id,
           concat('guide-', toString(g + 101)) AS guide_id,
           intHash32(number) AS h,
           toUInt64((24 - g) / 3 + h % 6) AS orders
    FROM system.numbers LIMIT 672
);

CREATE TABLE {db}.bi_scan_daily (day Date, campaign_id String, scans UInt64, scanners UInt64,
    codes_scanned UInt64, first_scans UInt64, repeat_scans UInt64, codes_issued UInt64,
    scan_rate Float64, diverted_scans UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_scan_daily
SELECT day, campaign_id, scans, toUInt64(scans * 0.7) AS scanners, first_scans AS codes_scanned,
       first_scans, scans - first_scans AS repeat_scans, issued AS codes_issued,
       first_scans / issued AS scan_rate, toUInt64(scans * (0.02 + (h % 7) / 100)) AS diverted_scans
FROM (
    SELECT toDate('2026-01-05') + intDiv(number, 5) AS day,
           ['cny2026-xnkl', 'horse2026-mdcg', 'member-day-2026', 'newcomer-pack-2026',
            'group-buy-2026'][number % 5 + 1] AS campaign_id,
           intHash32(number) AS h,
           toUInt64([900, 700, 420, 300, 180][number % 5 + 1] * (1 + intDiv(number, 5) / 40)) AS issued,
           toUInt64(issued * ([0.42, 0.35, 0.28, 0.5, 0.22][number % 5 + 1] + (h % 9) / 100)) AS first_scans,
           toUInt64(first_scans * 1.25) AS scans
    FROM system.numbers LIMIT 140
);

CREATE TABLE {db}.bi_diversion (day Date, batch_id String, issued_region String,
    scan_region String, scans UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_diversion
SELECT toDate('2026-01-05') + number % 28 AS day,
       concat('batch-', toString(number % 12 + 1)) AS batch_id,
       ['shanghai', 'jiangsu', 'zhejiang', 'guangdong', 'beijing', 'sichuan', 'hubei',
        'shandong'][intDiv(number, 28) % 8 + 1] AS issued_region,
       [['jiangsu', 'zhejiang', 'guangdong'], ['shanghai', 'zhejiang', 'shandong'],
        ['shanghai', 'jiangsu', 'guangdong'], ['hubei', 'sichuan', 'zhejiang'],
        ['shandong', 'hubei', 'shanghai'], ['hubei', 'guangdong', 'beijing'],
        ['sichuan', 'guangdong', 'jiangsu'], ['beijing', 'jiangsu', 'hubei']]
           [intDiv(number, 28) % 8 + 1][intHash32(number) % 3 + 1] AS scan_region,
       toUInt64(1 + intHash32(number + 7) % 9) AS scans
FROM system.numbers LIMIT 448;

CREATE TABLE {db}.bi_funnel_daily (day Date, campaign_id String, followed UInt64,
    scanned UInt64, carted UInt64, purchased UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_funnel_daily
SELECT day, campaign_id, followed, scanned, toUInt64(scanned * (0.3 + (h % 10) / 100)) AS carted,
       toUInt64(scanned * (0.12 + (h % 8) / 100)) AS purchased
FROM (
    SELECT toDate('2026-01-05') + intDiv(number, 5) AS day,
           ['cny2026-xnkl', 'horse2026-mdcg', 'member-day-2026', 'newcomer-pack-2026',
            'group-buy-2026'][number % 5 + 1] AS campaign_id,
           intHash32(number) AS h,
           toUInt64([520, 410, 260, 230, 120][number % 5 + 1] + h % 40) AS followed,
           toUInt64(followed * 0.62) AS scanned
    FROM system.numbers LIMIT 140
);

CREATE TABLE {db}.bi_cohort_retention (cohort_month Date, months_after UInt32, customers UInt64,
    retained UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_cohort_retention
SELECT cohort_month, months_after, customers,
       if(months_after = 0, customers,
          toUInt64(customers * (0.42 / (1 + 0.35 * months_after) + (h % 5) / 100))) AS retained
FROM (
    SELECT c, toStartOfMonth(toDate('2025-03-01') + c * 31) AS cohort_month,
           toUInt32(m) AS months_after, intHash32(c * 100 + m) AS h,
           toUInt64(180 + c * 25 + intHash32(c) % 40) AS customers
    FROM (SELECT number AS c FROM system.numbers LIMIT 11)
    ARRAY JOIN range(toUInt64(11 - c)) AS m
);

CREATE TABLE {db}.bi_referral (referrer_id String, invites_accepted UInt32,
    invitees_bought UInt32, depth UInt8) ENGINE = Memory;

INSERT INTO {db}.bi_referral
SELECT concat('c-', toString(10000 + number)) AS referrer_id,
       toUInt32(1 + intHash32(number) % 4) AS invites_accepted,
       toUInt32((intHash32(number) % 4 + 1) * (intHash32(number + 3) % 3) / 3) AS invitees_bought,
       toUInt8(if(number < 60, 1, if(number < 85, 2, 3))) AS depth
FROM system.numbers LIMIT 95;

CREATE TABLE {db}.bi_lifecycle_current (stage String, customers UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_lifecycle_current VALUES
    ('PROSPECT', 412), ('NEW', 268), ('ACTIVE', 735), ('AT_RISK', 214), ('DORMANT', 166),
    ('CHURNED', 121), ('WON_BACK', 58);

CREATE TABLE {db}.bi_rfm_current (segment String, customers UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_rfm_current VALUES
    ('IMPORTANT_VALUE', 188), ('IMPORTANT_DEVELOP', 143), ('IMPORTANT_RETAIN', 96),
    ('IMPORTANT_WINBACK', 71), ('GENERAL_VALUE', 204), ('GENERAL_DEVELOP', 312),
    ('GENERAL_RETAIN', 129), ('GENERAL_WINBACK', 265), ('NONE', 566);

CREATE TABLE {db}.bi_journey_daily (day Date, journey_id String, sent UInt64, capped UInt64,
    converted UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_journey_daily
SELECT day, journey_id, sent, toUInt64(sent * (0.05 + (h % 6) / 100)) AS capped,
       toUInt64(sent * ([0.08, 0.21, 0.12, 0.3, 0.15, 0.06, 0.1][j + 1] + (h % 4) / 100)) AS converted
FROM (
    SELECT toDate('2026-01-05') + intDiv(number, 7) AS day, number % 7 AS j,
           ['welcome', 'second-purchase', 'cart-abandoned', 'referral-reward',
            'collection-complete', 'win-back', 'scan-no-purchase'][j + 1] AS journey_id,
           intHash32(number) AS h,
           toUInt64([60, 35, 48, 12, 18, 25, 40][j + 1] + h % 15) AS sent
    FROM system.numbers LIMIT 196
);

CREATE TABLE {db}.bi_trend_minute (minute DateTime('UTC'), scans UInt64, orders UInt64,
    gmv Decimal(18, 2), interactions UInt64) ENGINE = Memory;

INSERT INTO {db}.bi_trend_minute
SELECT minute, scans, orders, toDecimal64(orders * (150 + h % 80), 2) AS gmv,
       toUInt64(scans * 1.6 + h % 7) AS interactions
FROM (
    SELECT toDateTime('2026-02-01 06:00:00', 'UTC') + number * 60 AS minute,
           intHash32(number) AS h,
           toUInt64(12 + 8 * sin(number / 60 * pi() / 3) + h % 9) AS scans,
           toUInt64(3 + 2 * sin(number / 60 * pi() / 3 + 1) + h % 4) AS orders
    FROM system.numbers LIMIT 480
);
