package io.siyu.jobs.bi;

/**
 * A real-time scan alert with a deterministic id: {@code diverted:<event_id>} for a scan outside
 * the region its batch was shipped to (窜货), {@code copied:<code>} once for a code scanned by more
 * distinct customers than {@code bi.copied-code-scanners} (a copied or counterfeit code). A Flink
 * POJO.
 */
public class ScanAlert {
  public static final String DIVERTED = "diverted";
  public static final String COPIED = "copied";

  public String alertId;
  public String kind;
  public String code;
  public String batchId;
  public String sku;
  public String campaignId;
  public String issuedRegion;
  public String scanRegion;
  public String storeId;
  public String customer;

  /** Distinct customers who had scanned the code, this scan included. */
  public int scanners;

  public String eventId;

  /** The scan's own time. */
  public long ts;

  public ScanAlert() {}

  static ScanAlert of(String kind, String alertId, BiFact scan, int scanners) {
    ScanAlert a = new ScanAlert();
    a.alertId = alertId;
    a.kind = kind;
    a.code = scan.code;
    a.batchId = scan.batchId;
    a.sku = scan.sku;
    a.campaignId = scan.campaignId;
    a.issuedRegion = scan.issuedRegion;
    a.scanRegion = scan.scanRegion;
    a.storeId = scan.storeId;
    a.customer = scan.customer;
    a.scanners = scanners;
    a.eventId = scan.eventId;
    a.ts = scan.ts;
    return a;
  }
}
