-- bi_journey_daily (BI contract): per business day of firing and journey, triggers sent, held
-- back by a frequency cap, and converted: a sent trigger whose customer paid an order after it
-- fired and no later than its attribution_until. Customers on both sides are mapped to their
-- current canonical id (v_identity), so a later merge counts the merged customer's orders.
-- Purchases come from paid_orders (compact), not from events.
CREATE VIEW IF NOT EXISTS bi_journey_daily AS
SELECT
    business_date AS day,
    journey_id,
    countIf(status = 'sent') AS sent,
    countIf(status = 'capped') AS capped,
    toUInt64(sum(is_converted)) AS converted
FROM
(
    SELECT
        trigger_id,
        journey_id,
        business_date,
        status,
        max((status = 'sent') AND (purchase_ms > fired_at_ms)
            AND (purchase_ms <= attribution_until_ms)) AS is_converted
    FROM
    (
        SELECT
            trigger_id,
            journey_id,
            business_date,
            status,
            fired_at_ms,
            attribution_until_ms,
            if(canonical_id = '', customer_id, canonical_id) AS customer
        FROM
        (
            SELECT trigger_id, journey_id, business_date, status, fired_at_ms,
                   attribution_until_ms, customer_id
            FROM journey_triggers FINAL
        ) AS fired
        ANY LEFT JOIN
        (
            SELECT id AS customer_id, canonical_id
            FROM v_identity
        ) AS trigger_identity USING (customer_id)
    ) AS triggers
    ALL LEFT JOIN
    (
        SELECT if(canonical_id = '', id, canonical_id) AS customer, purchase_ms
        FROM
        (
            SELECT customer_key AS id, ts_ms AS purchase_ms
            FROM paid_orders FINAL
        ) AS paid
        ANY LEFT JOIN
        (
            SELECT id, canonical_id
            FROM v_identity
        ) AS purchase_identity USING (id)
    ) AS purchases USING (customer)
    GROUP BY trigger_id, journey_id, business_date, status
)
GROUP BY day, journey_id
