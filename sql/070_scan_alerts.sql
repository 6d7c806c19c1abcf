-- scan_alerts: real-time scan alerts, also on the scan-alerts Kafka topic. kind 'diverted': a scan
-- outside the region its batch was shipped to (alert_id 'diverted:<event_id>'); kind 'copied': a
-- code scanned by more distinct customers than bi.copied-code-scanners, once per code (alert_id
-- 'copied:<code>', scanners = the count reached). at = the scan's time (UTC). ReplacingMergeTree by
-- alert_id: a re-sent alert replaces itself; read with FINAL.
CREATE TABLE IF NOT EXISTS scan_alerts
(
    alert_id      String,
    kind          String,
    code          String,
    batch_id      String,
    sku           String,
    campaign_id   String,
    issued_region String,
    scan_region   String,
    store_id      String,
    customer_key  String,
    scanners      UInt32,
    event_id      String,
    at            DateTime('UTC'),
    at_ms         Int64,
    business_date Date
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY alert_id
