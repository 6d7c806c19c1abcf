-- customer_months: the business months (first day) in which a customer paid an order, with the
-- customer's cohort, the month of its first paid order (under its canonical id at the time). One
-- row per (customer, month) after merging: read with FINAL.
CREATE TABLE IF NOT EXISTS customer_months
(
    customer_key String,
    cohort_month Date,
    active_month Date
)
ENGINE = ReplacingMergeTree()
ORDER BY (customer_key, active_month)
