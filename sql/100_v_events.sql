-- v_events: events with duplicates (replays, re-sent records) removed; what BI should read.
CREATE VIEW IF NOT EXISTS v_events AS SELECT * FROM events FINAL
