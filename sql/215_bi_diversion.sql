-- bi_diversion (BI contract): diverted scans (窜货) per business day, batch, the region the batch
-- was shipped to and the region it was scanned in.
CREATE VIEW IF NOT EXISTS bi_diversion AS
SELECT day, batch_id, issued_region, scan_region, sum(diverted_scans) AS scans
FROM scan_stats FINAL
WHERE grain = 'day' AND grouping = 'detail' AND diverted_scans > 0
GROUP BY day, batch_id, issued_region, scan_region
