-- v_lifecycle_transitions_daily: lifecycle moves per business day, from and to stage.
CREATE VIEW IF NOT EXISTS v_lifecycle_transitions_daily AS
SELECT business_date, from_stage, to_stage, count() AS customers
FROM lifecycle_transitions FINAL
GROUP BY business_date, from_stage, to_stage
