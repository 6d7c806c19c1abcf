-- bi_scan_daily (BI contract): one-item-one-code scans per business day and campaign: scans,
-- distinct scanners, distinct codes scanned, first and repeat scans, diverted scans; codes_issued
-- = the codes of the campaign's batches (code_batches); scan_rate = the campaign's codes scanned
-- at least once up to and including that day ÷ codes_issued (0 without batches).
-- Written for ClickHouse 18.16 too: the running total with arrayCumSum, no window functions.
CREATE VIEW IF NOT EXISTS bi_scan_daily AS
SELECT
    day,
    campaign_id,
    scans,
    scanners,
    codes_scanned,
    first_scans,
    repeat_scans,
    codes_issued,
    if(codes_issued = 0, 0, round(first_scans_to_date / codes_issued, 4)) AS scan_rate,
    diverted_scans
FROM
(
    SELECT
        campaign_id,
        tupleElement(r, 1) AS day,
        tupleElement(r, 2) AS scans,
        tupleElement(r, 3) AS scanners,
        tupleElement(r, 4) AS codes_scanned,
        tupleElement(r, 5) AS first_scans,
        tupleElement(r, 6) AS repeat_scans,
        tupleElement(r, 7) AS diverted_scans,
        cum AS first_scans_to_date
    FROM
    (
        SELECT
            campaign_id,
            arraySort(groupArray((day, scans, scanners, codes, first_scans, repeat_scans,
                                  diverted_scans))) AS rs,
            arrayCumSum(arrayMap(x -> tupleElement(x, 5), rs)) AS cums
        FROM scan_stats FINAL
        WHERE grain = 'day' AND grouping = 'campaign'
        GROUP BY campaign_id
    ) AS by_campaign
    ARRAY JOIN rs AS r, cums AS cum
) AS daily
ANY LEFT JOIN
(
    SELECT campaign_id, toUInt64(sum(codes_issued)) AS codes_issued
    FROM code_batches FINAL
    GROUP BY campaign_id
) AS issued USING (campaign_id)
