-- v_rfm_distribution: customers per RFM segment now, with their average scores and net spend.
CREATE VIEW IF NOT EXISTS v_rfm_distribution AS
SELECT
    rfm_segment,
    count() AS customers,
    avg(rfm_recency) AS avg_recency,
    avg(rfm_frequency) AS avg_frequency,
    avg(rfm_monetary) AS avg_monetary,
    sum(window_net) AS window_net
FROM customer_profile FINAL
WHERE merged_into = ''
GROUP BY rfm_segment
