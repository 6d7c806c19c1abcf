-- bi_cohort_retention (BI contract): customers by the month of their first paid order (cohort),
-- and how many of them paid an order months_after months later (0 = the cohort month itself).
CREATE VIEW IF NOT EXISTS bi_cohort_retention AS
SELECT cohort_month, months_after, customers, retained
FROM
(
    SELECT
        cohort_month,
        toUInt32((toYear(active_month) - toYear(cohort_month)) * 12
                 + toMonth(active_month) - toMonth(cohort_month)) AS months_after,
        uniqExact(customer_key) AS retained
    FROM customer_months FINAL
    GROUP BY cohort_month, months_after
) AS active
ANY LEFT JOIN
(
    SELECT cohort_month, uniqExact(customer_key) AS customers
    FROM customer_months FINAL
    GROUP BY cohort_month
) AS cohorts USING (cohort_month)
