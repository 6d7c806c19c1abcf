package io.siyu.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the records the parser must reject, each wrong in exactly one way so that its expected
 * dead-letter reason is unambiguous. The mistakes are the ones real producers make: a truncated
 * write, a timestamp in seconds, a status the contract does not know, a refund sent as a negative
 * amount, a debug dump that blows the size limit. A malformed record is synthetic: it is built from
 * a random customer's identity and never changes the simulation's state, so the valid records stay
 * consistent (no refund of an order the pipeline never saw).
 */
final class Malformer {

  /** One kind of mistake; {@code stream} null means it fits any stream. */
  enum Variant {
    TRUNCATED(RejectReason.MALFORMED_JSON, null),
    TS_AS_STRING(RejectReason.MALFORMED_JSON, null),
    IDS_AS_STRING(RejectReason.MALFORMED_JSON, null),
    TOP_LEVEL_ARRAY(RejectReason.MALFORMED_JSON, null),
    SINGLE_QUOTES(RejectReason.MALFORMED_JSON, null),
    TWO_OBJECTS(RejectReason.MALFORMED_JSON, null),
    AMOUNT_AS_STRING(RejectReason.MALFORMED_JSON, Streams.PURCHASE),
    ITEMS_AS_OBJECT(RejectReason.MALFORMED_JSON, Streams.PURCHASE),
    QTY_AS_STRING(RejectReason.MALFORMED_JSON, Streams.PURCHASE),
    REWARD_AS_STRING(RejectReason.MALFORMED_JSON, Streams.SCAN),

    NO_EVENT_ID(RejectReason.MISSING_FIELD, null),
    EMPTY_EVENT_ID(RejectReason.MISSING_FIELD, null),
    NO_TS(RejectReason.MISSING_FIELD, null),
    NO_CHANNEL(RejectReason.MISSING_FIELD, null),
    NO_CODE(RejectReason.MISSING_FIELD, Streams.SCAN),
    NO_ORDER_ID(RejectReason.MISSING_FIELD, Streams.PURCHASE),
    NO_STATUS(RejectReason.MISSING_FIELD, Streams.PURCHASE),
    NO_AMOUNT(RejectReason.MISSING_FIELD, Streams.PURCHASE),
    ITEM_WITHOUT_SKU(RejectReason.MISSING_FIELD, Streams.PURCHASE),
    NO_TYPE(RejectReason.MISSING_FIELD, Streams.INTERACTION),
    BIND_WITH_ONE_ID(RejectReason.MISSING_FIELD, Streams.INTERACTION),

    NO_IDS(RejectReason.NO_CUSTOMER_ID, null),
    IDS_EMPTY_OBJECT(RejectReason.NO_CUSTOMER_ID, null),
    IDS_NULL(RejectReason.NO_CUSTOMER_ID, null),
    IDS_UNKNOWN_KEYS_ONLY(RejectReason.NO_CUSTOMER_ID, null),
    IDS_EMPTY_STRING(RejectReason.NO_CUSTOMER_ID, null),

    UNKNOWN_INTERACTION_TYPE(RejectReason.UNKNOWN_TYPE, Streams.INTERACTION),
    UNKNOWN_STATUS(RejectReason.UNKNOWN_TYPE, Streams.PURCHASE),
    UNKNOWN_REWARD_TYPE(RejectReason.UNKNOWN_TYPE, Streams.SCAN),

    NEGATIVE_AMOUNT(RejectReason.BAD_AMOUNT, Streams.PURCHASE),
    AMOUNT_TOO_LARGE(RejectReason.BAD_AMOUNT, Streams.PURCHASE),
    NEGATIVE_DISCOUNT(RejectReason.BAD_AMOUNT, Streams.PURCHASE),
    NEGATIVE_UNIT_PRICE(RejectReason.BAD_AMOUNT, Streams.PURCHASE),
    ZERO_QTY(RejectReason.BAD_AMOUNT, Streams.PURCHASE),
    QTY_TOO_LARGE(RejectReason.BAD_AMOUNT, Streams.PURCHASE),
    NEGATIVE_REWARD(RejectReason.BAD_AMOUNT, Streams.SCAN),

    TS_IN_SECONDS(RejectReason.BAD_TIMESTAMP, null),
    TS_BEFORE_2015(RejectReason.BAD_TIMESTAMP, null),
    TS_ZERO(RejectReason.BAD_TIMESTAMP, null),
    TS_IN_FUTURE(RejectReason.BAD_TIMESTAMP, null),

    NESTED_TOO_DEEP(RejectReason.TOO_DEEP, null),

    DEBUG_DUMP(RejectReason.OVERSIZED, null);

    final RejectReason reason;
    final String stream;

    Variant(RejectReason reason, String stream) {
      this.reason = reason;
      this.stream = stream;
    }
  }

  /** A malformed record: stream, payload, partition key, event id (if any) and its reason. */
  record Bad(String stream, byte[] value, String key, String eventId, RejectReason reason) {}

  /**
   * How often each reason occurs among malformed records. Oversized records are rare because each
   * one is over 64 KiB.
   */
  private static final double[] REASON_WEIGHTS = new double[RejectReason.values().length];

  static {
    REASON_WEIGHTS[RejectReason.OVERSIZED.ordinal()] = 2;
    REASON_WEIGHTS[RejectReason.MALFORMED_JSON.ordinal()] = 24;
    REASON_WEIGHTS[RejectReason.TOO_DEEP.ordinal()] = 4;
    REASON_WEIGHTS[RejectReason.MISSING_FIELD.ordinal()] = 20;
    REASON_WEIGHTS[RejectReason.NO_CUSTOMER_ID.ordinal()] = 13;
    REASON_WEIGHTS[RejectReason.UNKNOWN_TYPE.ordinal()] = 12;
    REASON_WEIGHTS[RejectReason.BAD_TIMESTAMP.ordinal()] = 13;
    REASON_WEIGHTS[RejectReason.BAD_AMOUNT.ordinal()] = 12;
  }

  private static final double[] STREAM_WEIGHTS = {30, 25, 45};
  private static final String[] BASE_INTERACTIONS = {
    "page_view",
    "page_view",
    "page_view",
    "add_to_cart",
    "follow",
    "share",
    "coupon_claim",
    "live_view"
  };
  private static final String[] UNKNOWN_INTERACTION_TYPES = {
    "like", "comment", "favorite", "check_in", "pageView", "addToCart", "lottery_draw"
  };
  private static final String[] UNKNOWN_STATUSES = {
    "pending", "cancelled", "shipped", "partially_refunded", "unpaid"
  };
  private static final String[] UNKNOWN_REWARD_TYPES = {"coupon", "lottery", "gift", "cash"};
  private static final long MIN_2010 = Instant.parse("2010-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_RECORD_BYTES = 65_536;
  private static final int LIMIT_DEPTH = 16;
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.ofHours(8));

  private static final String DEBUG_TEXT = debugText();

  private final long seed;
  private final int population;
  private final Catalog catalog;
  private final SplittableRandom rng;
  private final String seedTag;
  private final List<List<Variant>> variantsByReason = new ArrayList<>();
  private final StringBuilder sb = new StringBuilder(1024);
  private long orderSeq;

  Malformer(GeneratorConfig config, Catalog catalog, SplittableRandom rng) {
    this.seed = config.seed();
    this.population = config.customers();
    this.catalog = catalog;
    this.rng = rng;
    this.seedTag = Ids.seedTag(config.seed());
    for (RejectReason r : RejectReason.values()) {
      List<Variant> vs = new ArrayList<>();
      for (Variant v : Variant.values()) {
        if (v.reason == r) {
          vs.add(v);
        }
      }
      variantsByReason.add(vs);
    }
  }

  /** A malformed record emitted at simulated time {@code now} as record number {@code seq}. */
  Bad make(long now, long seq) {
    RejectReason reason = RejectReason.values()[Weighted.pick(rng, REASON_WEIGHTS)];
    List<Variant> vs = variantsByReason.get(reason.ordinal());
    return make(vs.get(rng.nextInt(vs.size())), now, seq);
  }

  Bad make(Variant v, long now, long seq) {
    String stream =
        v.stream != null ? v.stream : Streams.ALL.get(Weighted.pick(rng, STREAM_WEIGHTS));
    String eventId = Ids.eventId(stream, seedTag, seq);
    Customer c = new Customer(seed, rng.nextInt(population), catalog);
    c.member = rng.nextDouble() < 0.3;
    EventDraft d = base(stream, c, now, eventId, v == Variant.BIND_WITH_ONE_ID);
    String key = d.ids.key();
    apply(v, d, now);
    sb.setLength(0);
    EventJson.write(d, sb);
    String text = sb.toString();
    switch (v) {
      case TRUNCATED -> text = truncate(text);
      case TOP_LEVEL_ARRAY -> text = "[" + text + "]";
      case SINGLE_QUOTES -> text = text.replace('"', '\'');
      case TWO_OBJECTS -> {
        // Two events glued on one line by a producer that forgot the separator.
        EventDraft second = base(stream, c, now + 1, eventId + "-2", false);
        sb.setLength(0);
        EventJson.write(second, sb);
        text = text + sb;
      }
      default -> {}
    }
    String writtenId = d.eventId == null || d.eventId.isEmpty() ? null : d.eventId;
    if (writtenId != null && !text.contains(writtenId)) {
      writtenId = null; // cut off by truncation
    }
    if (v.reason == RejectReason.NO_CUSTOMER_ID) {
      key = null;
    }
    return new Bad(stream, text.getBytes(StandardCharsets.UTF_8), key, writtenId, v.reason);
  }

  /** A plausible valid event of the stream, built without touching any simulation state. */
  private EventDraft base(String stream, Customer c, long now, String eventId, boolean bind) {
    EventDraft d = new EventDraft(stream);
    d.eventId = eventId;
    d.ts = now;
    switch (stream) {
      case Streams.SCAN -> {
        d.channel = "mini_program";
        d.ids = c.wechatIds();
        Catalog.Batch b = catalog.batches[rng.nextInt(catalog.batches.length)];
        d.code = Catalog.code(seed, b, rng.nextLong(b.codesIssued));
        d.sku = Catalog.PRODUCTS[b.product].sku();
        d.batchId = b.id;
        d.campaignId = Catalog.CAMPAIGNS[b.campaign].id();
        d.issuedRegion = Catalog.REGIONS[b.region].name();
        d.scanRegion = d.issuedRegion;
        d.rewardType = "red_packet";
        d.rewardAmountFen = Weighted.between(rng, 30, 888);
      }
      case Streams.PURCHASE -> {
        d.channel = "mini_program";
        d.ids = c.wechatIds();
        d.orderId = "mp-" + seedTag + "-x" + (++orderSeq);
        d.status = "paid";
        d.items = new ArrayList<>();
        int lines = 1 + rng.nextInt(3);
        for (int i = 0; i < lines; i++) {
          Catalog.Product p = Catalog.PRODUCTS[(i * 7 + rng.nextInt(5)) % Catalog.PRODUCTS.length];
          d.items.add(new EventDraft.Item(p.sku(), p.category(), 1 + rng.nextInt(3), p.priceFen()));
        }
        d.amountFen = d.subtotalFen();
      }
      default -> {
        if (bind) {
          d.channel = "mini_program";
          d.type = "bind_member";
          d.ids = new CustomerIdSet(null, null, c.openId, null);
        } else {
          d.type = BASE_INTERACTIONS[rng.nextInt(BASE_INTERACTIONS.length)];
          d.channel = d.type.equals("follow") ? "wechat_oa" : "mini_program";
          d.ids = c.wechatIds();
          if (!d.type.equals("follow")) {
            d.sku = Catalog.PRODUCTS[rng.nextInt(Catalog.PRODUCTS.length)].sku();
          }
        }
      }
    }
    return d;
  }

  private void apply(Variant v, EventDraft d, long now) {
    switch (v) {
      case TS_AS_STRING -> {
        d.ts = EventDraft.ABSENT;
        d.addRaw("ts", EventJson.quoted(LOCAL_TIME.format(Instant.ofEpochMilli(now))));
      }
      case IDS_AS_STRING -> {
        String id = d.ids.key();
        d.ids = null;
        d.addRaw("ids", EventJson.quoted(id));
      }
      case AMOUNT_AS_STRING -> {
        d.addRaw("amount", EventJson.quoted(EventJson.yuan(d.amountFen)));
        d.amountFen = EventDraft.ABSENT;
      }
      case ITEMS_AS_OBJECT -> {
        d.addRaw("items", itemJson(d.items.get(0), false));
        d.items = null;
      }
      case QTY_AS_STRING -> {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < d.items.size(); i++) {
          items.append(i > 0 ? "," : "").append(itemJson(d.items.get(i), i == 0));
        }
        d.addRaw("items", items.append(']').toString());
        d.items = null;
      }
      case REWARD_AS_STRING -> {
        d.addRaw("reward", EventJson.quoted(d.rewardType));
        d.rewardType = null;
        d.rewardAmountFen = EventDraft.ABSENT;
      }
      case NO_EVENT_ID -> d.eventId = null;
      case EMPTY_EVENT_ID -> d.eventId = "";
      case NO_TS -> d.ts = EventDraft.ABSENT;
      case NO_CHANNEL -> d.channel = null;
      case NO_CODE -> d.code = null;
      case NO_ORDER_ID -> d.orderId = null;
      case NO_STATUS -> d.status = null;
      case NO_AMOUNT -> d.amountFen = EventDraft.ABSENT;
      case ITEM_WITHOUT_SKU -> {
        EventDraft.Item i = d.items.get(0);
        d.items.set(0, new EventDraft.Item(null, i.category(), i.qty(), i.unitPriceFen()));
      }
      case NO_TYPE -> d.type = null;
      case NO_IDS -> d.ids = null;
      case IDS_EMPTY_OBJECT -> {
        d.ids = null;
        d.addRaw("ids", "{}");
      }
      case IDS_NULL -> {
        d.ids = null;
        d.addRaw("ids", "null");
      }
      case IDS_UNKNOWN_KEYS_ONLY -> {
        d.ids = null;
        d.addRaw(
            "ids",
            "{\"device_id\":\"" + Ids.base32(rng.nextLong(), 16) + "\",\"platform\":\"ios\"}");
      }
      case IDS_EMPTY_STRING -> {
        d.ids = null;
        d.addRaw("ids", "{\"open_id\":\"\"}");
      }
      case UNKNOWN_INTERACTION_TYPE ->
          d.type = UNKNOWN_INTERACTION_TYPES[rng.nextInt(UNKNOWN_INTERACTION_TYPES.length)];
      case UNKNOWN_STATUS -> d.status = UNKNOWN_STATUSES[rng.nextInt(UNKNOWN_STATUSES.length)];
      case UNKNOWN_REWARD_TYPE ->
          d.rewardType = UNKNOWN_REWARD_TYPES[rng.nextInt(UNKNOWN_REWARD_TYPES.length)];
      case NEGATIVE_AMOUNT -> {
        // A refund sent as a negative amount instead of status "refunded" with a positive one.
        d.status = "refunded";
        d.amountFen = -d.amountFen;
      }
      case AMOUNT_TOO_LARGE -> {
        Catalog.Product p = Catalog.PRODUCTS[Catalog.PRODUCTS.length - 1];
        long qty = Weighted.between(rng, 3_400, 10_000);
        d.items =
            new ArrayList<>(List.of(new EventDraft.Item(p.sku(), p.category(), qty, p.priceFen())));
        d.amountFen = d.subtotalFen(); // > 1,000,000 yuan while qty and price are fine
      }
      case NEGATIVE_DISCOUNT -> {
        d.couponId = Catalog.COUPONS[1].id();
        d.discountFen = -Catalog.COUPONS[1].discountFen();
        d.amountFen = d.subtotalFen() - d.discountFen;
      }
      case NEGATIVE_UNIT_PRICE -> {
        EventDraft.Item i = d.items.get(0);
        d.items.set(0, new EventDraft.Item(i.sku(), i.category(), i.qty(), -i.unitPriceFen()));
      }
      case ZERO_QTY -> {
        EventDraft.Item i = d.items.get(0);
        d.items.set(0, new EventDraft.Item(i.sku(), i.category(), 0, i.unitPriceFen()));
        d.amountFen = d.subtotalFen();
      }
      case QTY_TOO_LARGE -> {
        Catalog.Product p = Catalog.PRODUCTS[3]; // 5.50 yuan: 50,000 of them stay below the limit
        long qty = Weighted.between(rng, 10_001, 50_000);
        d.items =
            new ArrayList<>(List.of(new EventDraft.Item(p.sku(), p.category(), qty, p.priceFen())));
        d.amountFen = d.subtotalFen();
      }
      case NEGATIVE_REWARD -> d.rewardAmountFen = -d.rewardAmountFen;
      case TS_IN_SECONDS -> d.ts = now / 1000;
      case TS_BEFORE_2015 ->
          d.ts = Weighted.between(rng, MIN_2010, GeneratorConfig.MIN_EVENT_TIME - 1);
      case TS_ZERO -> d.ts = 0;
      case TS_IN_FUTURE ->
          // More than the allowed hour after the Kafka timestamp (a phone with a wrong clock).
          d.ts = now + 3_600_000 + Weighted.between(rng, 60_000, 72 * 3_600_000L);
      case NESTED_TOO_DEEP -> d.addRaw("attributes", nested(LIMIT_DEPTH + 1 + rng.nextInt(24)));
      case DEBUG_DUMP -> {
        sb.setLength(0);
        EventJson.write(d, sb);
        int base = sb.toString().getBytes(StandardCharsets.UTF_8).length;
        long target = MAX_RECORD_BYTES + 200 + rng.nextInt(30_000);
        int pad = (int) (target - base - ",\"debug_trace\":\"\"".length());
        d.addRaw("debug_trace", "\"" + DEBUG_TEXT.substring(0, pad) + "\"");
      }
      default -> {}
    }
  }

  /** A record cut off mid-write: a proper prefix of the JSON, never ending the object. */
  private String truncate(String text) {
    int min = Math.max(10, (int) (text.length() * 0.3));
    int max = Math.max(min + 1, (int) (text.length() * 0.9));
    int cut = min + rng.nextInt(max - min);
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return text.substring(0, cut);
  }

  private static String itemJson(EventDraft.Item i, boolean qtyAsString) {
    StringBuilder s = new StringBuilder("{\"sku\":");
    EventJson.quote(s, i.sku());
    s.append(",\"category\":");
    EventJson.quote(s, i.category());
    s.append(",\"qty\":");
    if (qtyAsString) {
      s.append('"').append(i.qty()).append('"');
    } else {
      s.append(i.qty());
    }
    s.append(",\"unit_price\":");
    EventJson.appendYuan(s, i.unitPriceFen());
    return s.append('}').toString();
  }

  /** Objects nested {@code levels} deep: {"ext":{"ext":...{"v":1}...}}. */
  private static String nested(int levels) {
    StringBuilder s = new StringBuilder(levels * 8 + 8);
    for (int i = 1; i < levels; i++) {
      s.append("{\"ext\":");
    }
    s.append("{\"v\":1}");
    s.append("}".repeat(levels - 1));
    return s.toString();
  }

  /** An ASCII stack-trace-like text, long enough for any padding, with no line breaks. */
  private static String debugText() {
    StringBuilder s = new StringBuilder(140_000);
    int i = 0;
    while (s.length() < 130_000) {
      s.append("at com.brand.miniapp.scan.RewardService.claim(RewardService.java:")
          .append(100 + i % 900)
          .append(") | ");
      i++;
    }
    return s.toString();
  }
}
