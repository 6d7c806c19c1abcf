-- bi_sales_by_guide_daily (BI contract): store-guide performance (导购业绩) per business day: paid
-- orders and GMV by store and guide (store_id '' = online, guide_id '' = no guide), and the
-- distinct customers who added the guide that day.
CREATE VIEW IF NOT EXISTS bi_sales_by_guide_daily AS
SELECT day, store_id, guide_id, orders, gmv, bound_customers
FROM sales_stats FINAL
WHERE grain = 'day' AND grouping = 'store_guide'
