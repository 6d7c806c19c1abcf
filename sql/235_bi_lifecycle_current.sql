-- bi_lifecycle_current (BI contract): customers per lifecycle stage now.
CREATE VIEW IF NOT EXISTS bi_lifecycle_current AS
SELECT stage, count() AS customers
FROM customer_profile FINAL
WHERE merged_into = ''
GROUP BY stage
