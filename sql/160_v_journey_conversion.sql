-- v_journey_conversion: per journey and business day of firing, the triggers sent and how many
-- converted: the same customer made a paid purchase after the trigger fired and no later than its
-- attribution_until (journeys.attribution-window, default 7 days). "The same customer" is decided
-- through v_identity on both sides, so a later identity merge counts the merged customer's
-- purchases: the trigger's customer id and the purchase's strongest id are each mapped to their
-- canonical id (themselves when identity_map does not know them).
-- Written for ClickHouse 18.16 as well: equality joins only, the time condition after the join;
-- every joined subquery has an alias (current servers refuse a join of unnamed subqueries).
CREATE VIEW IF NOT EXISTS v_journey_conversion AS
SELECT
    journey_id,
    business_date,
    count() AS triggers_sent,
    sum(is_converted) AS converted,
    round(sum(is_converted) / count(), 4) AS conversion_rate
FROM
(
    SELECT
        trigger_id,
        journey_id,
        business_date,
        max((purchase_ms > fired_at_ms) AND (purchase_ms <= attribution_until_ms)) AS is_converted
    FROM
    (
        SELECT
            trigger_id,
            journey_id,
            business_date,
            fired_at_ms,
            attribution_until_ms,
            if(canonical_id = '', customer_id, canonical_id) AS customer
        FROM
        (
            SELECT trigger_id, journey_id, business_date, fired_at_ms, attribution_until_ms, customer_id
            FROM journey_triggers FINAL
            WHERE status = 'sent'
        ) AS sent
        ANY LEFT JOIN
        (
            SELECT id AS customer_id, canonical_id
            FROM v_identity
        ) AS trigger_identity USING (customer_id)
    ) AS triggers
    ALL LEFT JOIN
    (
        SELECT
            if(canonical_id = '', id, canonical_id) AS customer,
            ts_ms AS purchase_ms
        FROM
        (
            SELECT
                multiIf(member_id != '', concat('m:', member_id),
                        union_id != '', concat('u:', union_id),
                        open_id != '', concat('o:', open_id),
                        concat('p:', phone_hash)) AS id,
                ts_ms
            FROM events
            WHERE stream = 'purchase' AND event_type = 'paid'
        ) AS paid
        ANY LEFT JOIN
        (
            SELECT id, canonical_id
            FROM v_identity
        ) AS purchase_identity USING (id)
    ) AS purchases USING (customer)
    GROUP BY trigger_id, journey_id, business_date
)
GROUP BY journey_id, business_date
