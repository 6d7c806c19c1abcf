-- v_events_daily: events, distinct customers and GMV per business day, stream, type and channel.
CREATE VIEW IF NOT EXISTS v_events_daily AS
SELECT
    business_date,
    stream,
    event_type,
    channel,
    count() AS events,
    uniqExact(if(member_id != '', member_id, if(union_id != '', union_id, if(open_id != '', open_id, phone_hash)))) AS customers,
    sumIf(amount, stream = 'purchase' AND event_type = 'paid') - sumIf(amount, stream = 'purchase' AND event_type = 'refunded') AS net_gmv
FROM events FINAL
GROUP BY business_date, stream, event_type, channel
