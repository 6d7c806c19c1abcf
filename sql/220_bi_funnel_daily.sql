-- bi_funnel_daily (BI contract): per business day and campaign, the distinct customers who
-- followed, scanned, added to cart and purchased (funnel_stats: a daily funnel of distinct
-- customers per step, not a strict sequence).
CREATE VIEW IF NOT EXISTS bi_funnel_daily AS
SELECT day, campaign_id, followed, scanned, carted, purchased
FROM funnel_stats FINAL
WHERE grain = 'day'
