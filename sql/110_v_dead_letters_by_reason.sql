-- v_dead_letters_by_reason: rejected records per business day, topic and reason, for a data-quality panel.
CREATE VIEW IF NOT EXISTS v_dead_letters_by_reason AS
SELECT toDate(kafka_ts) AS day, source_topic, reason, count() AS records
FROM dead_letters FINAL
GROUP BY day, source_topic, reason
