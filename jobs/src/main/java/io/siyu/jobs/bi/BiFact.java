package io.siyu.jobs.bi;

/**
 * One applied event as the BI branch sees it: flat, with the customer it belonged to at that
 * moment, where it is applied ({@code at}, its record timestamp) and which windows it counts in
 * ({@code windowTs}). A Flink POJO (public fields, no collections), so Flink serializes it itself.
 * Money in fen; absent text is null.
 */
public class BiFact {
  public static final byte SCAN = 0;
  public static final byte PURCHASE = 1;
  public static final byte INTERACTION = 2;

  public byte kind;
  public String customer;
  public String eventId;

  /** The record timestamp: the event's time, or its partition's position when it was late. */
  public long at;

  /** The event's own time. */
  public long ts;

  /** The time whose minute and business day the event counts in (README "BI": lateness). */
  public long windowTs;

  public String channel;
  public String storeId;
  public String guideId;
  public String campaignId;
  public String sku;

  // scans
  public String code;
  public String batchId;

  /** The batch's shipped region from the code batches, else the scan's own issued_region. */
  public String issuedRegion;

  public String scanRegion;
  public String rewardType;
  public long rewardFen;

  /** Set by the per-code step: the first scan of its code. */
  public boolean firstScan;

  // purchases
  public String orderId;
  public boolean paid;
  public long amountFen;
  public long discountFen;
  public String couponId;

  /** The scan campaigns of the order's skus (code batches). */
  public String[] campaigns;

  /** Set by the per-customer step: the customer's first paid order. */
  public boolean firstOrder;

  /** Set by the per-customer step on paid orders: the business month of its first paid order. */
  public int cohortEpochDay;

  // interactions
  public String interactionType;

  public BiFact() {}

  public boolean diverted() {
    return kind == SCAN
        && issuedRegion != null
        && scanRegion != null
        && !issuedRegion.isEmpty()
        && !scanRegion.isEmpty()
        && !issuedRegion.equals(scanRegion);
  }
}
