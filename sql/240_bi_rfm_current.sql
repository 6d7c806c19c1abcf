-- bi_rfm_current (BI contract): customers per RFM segment now (segment as in customer_profile).
CREATE VIEW IF NOT EXISTS bi_rfm_current AS
SELECT rfm_segment AS segment, count() AS customers
FROM customer_profile FINAL
WHERE merged_into = ''
GROUP BY rfm_segment
