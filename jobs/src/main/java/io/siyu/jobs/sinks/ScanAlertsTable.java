package io.siyu.jobs.sinks;

import io.siyu.jobs.bi.ScanAlert;
import io.siyu.udf.BusinessDay;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** {@code scan_alerts} (sql/080): ReplacingMergeTree by the deterministic alert_id. */
public final class ScanAlertsTable implements ClickHouseTable<ScanAlert> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of(
          "alert_id",
          "kind",
          "code",
          "batch_id",
          "sku",
          "campaign_id",
          "issued_region",
          "scan_region",
          "store_id",
          "customer_key",
          "scanners",
          "event_id",
          "at",
          "at_ms",
          "business_date");

  private final BusinessDay businessDay;

  public ScanAlertsTable(ZoneId zone) {
    this.businessDay = new BusinessDay(zone);
  }

  @Override
  public String name() {
    return "scan_alerts";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, ScanAlert a) throws IOException {
    r.text(a.alertId);
    r.text(a.kind);
    r.text(a.code);
    r.text(a.batchId);
    r.text(a.sku);
    r.text(a.campaignId);
    r.text(a.issuedRegion);
    r.text(a.scanRegion);
    r.text(a.storeId);
    r.text(a.customer);
    r.integer(a.scanners);
    r.text(a.eventId);
    r.dateTime(a.ts);
    r.integer(a.ts);
    r.date(businessDay.epochDay(a.ts));
  }
}
