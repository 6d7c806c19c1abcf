-- bi_sales_daily (BI contract): per business day and channel, paid orders, distinct buyers, GMV,
-- refunds (count, amount), orders with a coupon and their discount, orders that were the
-- customer's first. From the job's aggregates (sales_stats), not from raw events.
CREATE VIEW IF NOT EXISTS bi_sales_daily AS
SELECT day, channel, orders, buyers, gmv, refunds, refund_amount, coupon_orders, discount,
       first_time_buyer_orders
FROM sales_stats FINAL
WHERE grain = 'day' AND grouping = 'channel'
