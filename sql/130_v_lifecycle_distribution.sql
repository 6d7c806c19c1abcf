-- v_lifecycle_distribution: how many customers are in each lifecycle stage now.
CREATE VIEW IF NOT EXISTS v_lifecycle_distribution AS
SELECT stage, count() AS customers
FROM customer_profile FINAL
WHERE merged_into = ''
GROUP BY stage
