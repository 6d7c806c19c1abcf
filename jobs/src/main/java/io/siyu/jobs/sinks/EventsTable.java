package io.siyu.jobs.sinks;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.ScanEvent;
import io.siyu.udf.BusinessDay;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** {@code events}: one flattened row per valid event (see {@code sql/010_events.sql}). */
public final class EventsTable implements ClickHouseTable<CustomerEvent> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of(
          "event_id",
          "stream",
          "event_type",
          "schema_version",
          "ts",
          "ts_ms",
          "business_date",
          "member_id",
          "union_id",
          "open_id",
          "phone_hash",
          "channel",
          "store_id",
          "guide_id",
          "campaign_id",
          "sku",
          "code",
          "batch_id",
          "issued_region",
          "scan_region",
          "reward_type",
          "reward_amount",
          "card",
          "order_id",
          "amount",
          "discount",
          "coupon_id",
          "item_count",
          "item_skus",
          "item_categories",
          "referrer_member_id",
          "referrer_union_id",
          "referrer_open_id",
          "referrer_phone_hash",
          "ingested_at");

  private static final LineItem[] NO_ITEMS = new LineItem[0];

  private final BusinessDay businessDay;

  public EventsTable(ZoneId businessZone) {
    this.businessDay = new BusinessDay(businessZone);
  }

  @Override
  public String name() {
    return "events";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, CustomerEvent event) throws IOException {
    EventHeader h = event.header();
    r.text(h.eventId());
    r.text(event.kind().wireName());
    r.text(eventType(event));
    r.integer(h.schemaVersion());
    r.dateTime(h.ts());
    r.integer(h.ts());
    r.date(businessDay.epochDay(h.ts()));
    ids(r, h.ids());
    r.text(h.channel());
    r.text(h.storeId());
    r.text(h.guideId());
    ScanEvent scan = event.scan();
    PurchaseEvent purchase = event.purchase();
    InteractionEvent interaction = event.interaction();
    r.text(
        scan != null ? scan.campaignId() : interaction != null ? interaction.campaignId() : null);
    r.text(scan != null ? scan.sku() : interaction != null ? interaction.sku() : null);
    r.text(scan != null ? scan.code() : null);
    r.text(scan != null ? scan.batchId() : null);
    r.text(scan != null ? scan.issuedRegion() : null);
    r.text(scan != null ? scan.scanRegion() : null);
    r.text(scan != null ? scan.reward().type().name().toLowerCase(java.util.Locale.ROOT) : null);
    r.money(scan != null ? scan.reward().amountFen() : 0);
    r.text(scan != null ? scan.reward().card() : null);
    r.text(purchase != null ? purchase.orderId() : null);
    r.money(purchase != null ? purchase.amountFen() : 0);
    r.money(purchase != null ? purchase.discountFen() : 0);
    r.text(
        purchase != null
            ? purchase.couponId()
            : interaction != null ? interaction.couponId() : null);
    LineItem[] items = purchase != null ? purchase.items() : NO_ITEMS;
    r.integer(items.length);
    String[] skus = new String[items.length];
    String[] categories = new String[items.length];
    for (int i = 0; i < items.length; i++) {
      skus[i] = items[i].sku();
      categories[i] = items[i].category() == null ? "" : items[i].category();
    }
    r.array(skus);
    r.array(categories);
    ids(r, interaction != null ? interaction.referrerIds() : null);
    r.dateTime(System.currentTimeMillis());
  }

  private static void ids(Row r, CustomerIds ids) throws IOException {
    r.text(ids == null ? null : ids.memberId());
    r.text(ids == null ? null : ids.unionId());
    r.text(ids == null ? null : ids.openId());
    r.text(ids == null ? null : ids.phoneHash());
  }

  private static String eventType(CustomerEvent e) {
    return switch (e.kind()) {
      case SCAN -> "scan";
      case PURCHASE -> e.purchase().status().name().toLowerCase(java.util.Locale.ROOT);
      case INTERACTION -> e.interaction().type().wireName();
    };
  }
}
