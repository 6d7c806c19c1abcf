package io.siyu.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one event before it is written as JSON. The simulation fills it; the malformer may
 * blank fields or add raw JSON fields to break it in exactly one way. Absent fields are null (or
 * {@link #ABSENT} for numbers) and are not written.
 */
final class EventDraft {
  static final long ABSENT = Long.MIN_VALUE;

  /** One line item; {@code qty} is a long so that a malformed record can carry 0 or 20000. */
  record Item(String sku, String category, long qty, long unitPriceFen) {}

  final String stream;
  long schemaVersion = 1;
  String eventId;
  long ts = ABSENT;
  CustomerIdSet ids;
  String channel;
  String storeId;
  String guideId;

  // scan
  String code;
  String sku;
  String batchId;
  String campaignId;
  String issuedRegion;
  String scanRegion;
  String rewardType;
  long rewardAmountFen = ABSENT;
  String rewardCard;

  // purchase
  String orderId;
  String status;
  List<Item> items;
  long amountFen = ABSENT;
  String couponId;
  long discountFen = ABSENT;

  // interaction (sku, campaignId and couponId are shared with the other streams)
  String type;
  CustomerIdSet referrerIds;

  /** Raw JSON fields appended after the known ones: name, then the value as JSON text. */
  List<String[]> extraRaw;

  /** The customer who acted (null for synthetic malformed records). */
  Customer actor;

  // What this event means for the ground truth, set by the simulation.
  boolean firstScanOfCode;
  boolean repeatScan;
  boolean fakeCode;
  boolean completesCollection;
  boolean firstPaidOfCustomer;
  boolean inviteeFirstPurchase;
  boolean firstEventOfCustomer;

  EventDraft(String stream) {
    this.stream = stream;
  }

  void addRaw(String name, String rawJson) {
    if (extraRaw == null) {
      extraRaw = new ArrayList<>(2);
    }
    extraRaw.add(new String[] {name, rawJson});
  }

  /** The sum of qty × unit price over the items, in fen. */
  long subtotalFen() {
    long sum = 0;
    if (items != null) {
      for (Item i : items) {
        sum += i.qty() * i.unitPriceFen();
      }
    }
    return sum;
  }
}
