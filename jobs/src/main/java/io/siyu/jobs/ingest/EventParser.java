package io.siyu.jobs.ingest;

import static io.siyu.jobs.records.DeadLetterReason.BAD_AMOUNT;
import static io.siyu.jobs.records.DeadLetterReason.BAD_TIMESTAMP;
import static io.siyu.jobs.records.DeadLetterReason.BAD_VALUE;
import static io.siyu.jobs.records.DeadLetterReason.MALFORMED_JSON;
import static io.siyu.jobs.records.DeadLetterReason.MISSING_FIELD;
import static io.siyu.jobs.records.DeadLetterReason.NO_CUSTOMER_ID;
import static io.siyu.jobs.records.DeadLetterReason.OVERSIZED;
import static io.siyu.jobs.records.DeadLetterReason.TOO_DEEP;
import static io.siyu.jobs.records.DeadLetterReason.UNKNOWN_TYPE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.siyu.jobs.config.ValidationConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.records.Reward;
import io.siyu.jobs.records.RewardType;
import io.siyu.jobs.records.ScanEvent;
import io.siyu.jobs.records.StreamKind;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates one JSON record of the input contract into a {@link CustomerEvent}, in a
 * single pass of Jackson's streaming parser (no intermediate tree), or throws {@link
 * InvalidEventException} with the reason. Unknown fields are skipped, so producers may add fields
 * in newer schema versions without breaking this reader.
 *
 * <p>Not thread-safe: one instance per parallel subtask.
 */
public final class EventParser implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int CURRENT_SCHEMA_VERSION = 1;
  private static final LineItem[] NO_ITEMS = new LineItem[0];
  private static final Reward NO_REWARD = new Reward(RewardType.NONE, 0, null);

  private final ValidationConfig limits;
  private final PhoneHasher phoneHasher;
  private transient JsonFactory json;
  private transient Fields f;

  public EventParser(ValidationConfig limits, PhoneHasher phoneHasher) {
    this.limits = limits;
    this.phoneHasher = phoneHasher;
  }

  /**
   * @param kafkaTimestamp the record's Kafka timestamp, the reference for "too far in the future"
   *     (deterministic on replay, unlike the wall clock); negative when unknown
   */
  public CustomerEvent parse(StreamKind kind, byte[] payload, long kafkaTimestamp)
      throws InvalidEventException {
    if (payload == null || payload.length == 0) {
      throw new InvalidEventException(MALFORMED_JSON, "empty record");
    }
    if (payload.length > limits.maxRecordBytes()) {
      throw new InvalidEventException(
          OVERSIZED, payload.length + " bytes > limit " + limits.maxRecordBytes());
    }
    if (json == null) {
      json =
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(limits.maxNestingDepth()).build())
              .build();
      f = new Fields();
    }
    f.reset();
    try (JsonParser p = json.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEventException(MALFORMED_JSON, "not a JSON object");
      }
      readTopLevel(p);
      if (p.nextToken() != null) {
        throw new InvalidEventException(MALFORMED_JSON, "trailing data after the JSON object");
      }
    } catch (StreamConstraintsException e) {
      throw new InvalidEventException(TOO_DEEP, "nesting deeper than " + limits.maxNestingDepth());
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(MALFORMED_JSON, e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidEventException(MALFORMED_JSON, String.valueOf(e.getMessage()));
    }
    EventHeader header = header(kafkaTimestamp);
    return switch (kind) {
      case SCAN -> CustomerEvent.of(scan(header));
      case PURCHASE -> CustomerEvent.of(purchase(header));
      case INTERACTION -> CustomerEvent.of(interaction(header));
    };
  }

  private void readTopLevel(JsonParser p) throws IOException, InvalidEventException {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "schema_version" -> f.schemaVersion = (int) integer(p, t, name);
        case "event_id" -> f.eventId = id(p, t, name);
        case "ts" -> f.ts = integer(p, t, name);
        case "ids" -> f.ids = ids(p, t, name);
        case "channel" -> f.channel = id(p, t, name);
        case "store_id" -> f.storeId = id(p, t, name);
        case "guide_id" -> f.guideId = id(p, t, name);
        case "code" -> f.code = id(p, t, name);
        case "sku" -> f.sku = id(p, t, name);
        case "batch_id" -> f.batchId = id(p, t, name);
        case "campaign_id" -> f.campaignId = id(p, t, name);
        case "issued_region" -> f.issuedRegion = id(p, t, name);
        case "scan_region" -> f.scanRegion = id(p, t, name);
        case "reward" -> readReward(p, t);
        case "order_id" -> f.orderId = id(p, t, name);
        case "status" -> f.status = id(p, t, name);
        case "items" -> readItems(p, t);
        case "amount" -> f.amountFen = money(p, t, name);
        case "coupon_id" -> f.couponId = id(p, t, name);
        case "discount" -> f.discountFen = money(p, t, name);
        case "type" -> f.type = id(p, t, name);
        case "referrer_ids" -> f.referrerIds = ids(p, t, name);
        default -> p.skipChildren(); // tolerant reader: newer producers may add fields
      }
    }
  }

  private EventHeader header(long kafkaTimestamp) throws InvalidEventException {
    if (f.eventId == null) {
      throw new InvalidEventException(MISSING_FIELD, "event_id");
    }
    if (f.ts == Long.MIN_VALUE) {
      throw new InvalidEventException(MISSING_FIELD, "ts");
    }
    if (f.ts < limits.minEventTime().toEpochMilli()) {
      throw new InvalidEventException(
          BAD_TIMESTAMP, "ts " + f.ts + " is before " + limits.minEventTime());
    }
    if (kafkaTimestamp >= 0 && f.ts > kafkaTimestamp + limits.maxFutureSkew().toMillis()) {
      throw new InvalidEventException(
          BAD_TIMESTAMP,
          "ts " + f.ts + " is more than " + limits.maxFutureSkew() + " after the Kafka timestamp");
    }
    if (f.ids == null || f.ids.isEmpty()) {
      throw new InvalidEventException(
          NO_CUSTOMER_ID, "ids needs one of member_id, union_id, open_id, phone");
    }
    if (f.channel == null) {
      throw new InvalidEventException(MISSING_FIELD, "channel");
    }
    int version = f.schemaVersion == Integer.MIN_VALUE ? 1 : f.schemaVersion;
    if (version < 1) {
      throw new InvalidEventException(BAD_VALUE, "schema_version must be >= 1");
    }
    return new EventHeader(f.eventId, version, f.ts, f.ids, f.channel, f.storeId, f.guideId);
  }

  private ScanEvent scan(EventHeader h) throws InvalidEventException {
    if (f.code == null) {
      throw new InvalidEventException(MISSING_FIELD, "code");
    }
    Reward reward = NO_REWARD;
    if (f.rewardPresent) {
      RewardType type = NO_REWARD.type();
      if (f.rewardType != null) {
        type = enumValue(RewardType.class, f.rewardType, "reward.type");
      }
      reward = new Reward(type, nonNegative(f.rewardAmountFen, "reward.amount"), f.rewardCard);
    }
    return new ScanEvent(
        h, f.code, f.sku, f.batchId, f.campaignId, f.issuedRegion, f.scanRegion, reward);
  }

  private PurchaseEvent purchase(EventHeader h) throws InvalidEventException {
    if (f.orderId == null) {
      throw new InvalidEventException(MISSING_FIELD, "order_id");
    }
    if (f.status == null) {
      throw new InvalidEventException(MISSING_FIELD, "status");
    }
    PurchaseStatus status = enumValue(PurchaseStatus.class, f.status, "status");
    if (f.amountFen == Long.MIN_VALUE) {
      throw new InvalidEventException(MISSING_FIELD, "amount");
    }
    long amount = nonNegative(f.amountFen, "amount");
    long discount = f.discountFen == Long.MIN_VALUE ? 0 : nonNegative(f.discountFen, "discount");
    LineItem[] items = f.items == null ? NO_ITEMS : f.items.toArray(NO_ITEMS);
    return new PurchaseEvent(h, f.orderId, status, items, amount, f.couponId, discount);
  }

  private InteractionEvent interaction(EventHeader h) throws InvalidEventException {
    if (f.type == null) {
      throw new InvalidEventException(MISSING_FIELD, "type");
    }
    InteractionType type = InteractionType.fromWire(f.type);
    if (type == null) {
      throw new InvalidEventException(UNKNOWN_TYPE, "interaction type '" + clip(f.type) + "'");
    }
    if (type == InteractionType.BIND_MEMBER && h.ids().count() < 2) {
      throw new InvalidEventException(MISSING_FIELD, "bind_member needs two ids of one person");
    }
    return new InteractionEvent(h, type, f.sku, f.campaignId, f.couponId, f.referrerIds);
  }

  private void readReward(JsonParser p, JsonToken t) throws IOException, InvalidEventException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    expectObject(t, "reward");
    f.rewardPresent = true;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "type" -> f.rewardType = id(p, v, "reward.type");
        case "amount" -> f.rewardAmountFen = money(p, v, "reward.amount");
        case "card" -> f.rewardCard = id(p, v, "reward.card");
        default -> p.skipChildren();
      }
    }
    if (f.rewardAmountFen == Long.MIN_VALUE) {
      f.rewardAmountFen = 0;
    }
  }

  private void readItems(JsonParser p, JsonToken t) throws IOException, InvalidEventException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      throw new InvalidEventException(MALFORMED_JSON, "items must be an array");
    }
    List<LineItem> items = new ArrayList<>(4);
    JsonToken el;
    while ((el = p.nextToken()) != JsonToken.END_ARRAY) {
      expectObject(el, "items[]");
      String sku = null;
      String category = null;
      long qty = 1;
      long price = Long.MIN_VALUE;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (name) {
          case "sku" -> sku = id(p, v, "items.sku");
          case "category" -> category = id(p, v, "items.category");
          case "qty" -> qty = integer(p, v, "items.qty");
          case "unit_price" -> price = money(p, v, "items.unit_price");
          default -> p.skipChildren();
        }
      }
      if (sku == null) {
        throw new InvalidEventException(MISSING_FIELD, "items[" + items.size() + "].sku");
      }
      if (price == Long.MIN_VALUE) {
        throw new InvalidEventException(MISSING_FIELD, "items[" + items.size() + "].unit_price");
      }
      if (qty <= 0 || qty > limits.maxItemQuantity()) {
        throw new InvalidEventException(
            BAD_AMOUNT,
            "items[" + items.size() + "].qty " + qty + " not in 1.." + limits.maxItemQuantity());
      }
      items.add(new LineItem(sku, category, (int) qty, nonNegative(price, "items.unit_price")));
    }
    f.items = items;
  }

  private CustomerIds ids(JsonParser p, JsonToken t, String field)
      throws IOException, InvalidEventException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expectObject(t, field);
    String member = null;
    String union = null;
    String open = null;
    String phone = null;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "member_id" -> member = id(p, v, field + ".member_id");
        case "union_id" -> union = id(p, v, field + ".union_id");
        case "open_id" -> open = id(p, v, field + ".open_id");
        case "phone" -> phone = phoneHasher.hash(id(p, v, field + ".phone"));
        default -> p.skipChildren();
      }
    }
    return new CustomerIds(member, union, open, phone);
  }

  /** A short identifier-like string; numbers are accepted as their text; empty means absent. */
  private String id(JsonParser p, JsonToken t, String field)
      throws IOException, InvalidEventException {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      String s = p.getText();
      if (s.isEmpty()) {
        return null;
      }
      if (s.length() > limits.maxIdLength()) {
        throw new InvalidEventException(
            BAD_VALUE, field + " longer than " + limits.maxIdLength() + " characters");
      }
      return s;
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new InvalidEventException(MALFORMED_JSON, field + " must be a string");
  }

  private static long integer(JsonParser p, JsonToken t, String field)
      throws IOException, InvalidEventException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidEventException(MALFORMED_JSON, field + " must be an integer");
    }
    if (p.getNumberType() != JsonParser.NumberType.INT
        && p.getNumberType() != JsonParser.NumberType.LONG) {
      throw new InvalidEventException(BAD_VALUE, field + " is out of range");
    }
    return p.getLongValue();
  }

  /** An amount in yuan (a JSON number) as fen, rounded half-up; absurd values are rejected. */
  private long money(JsonParser p, JsonToken t, String field)
      throws IOException, InvalidEventException {
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new InvalidEventException(MALFORMED_JSON, field + " must be a number");
    }
    double yuan = p.getDoubleValue();
    if (!Double.isFinite(yuan) || Math.abs(yuan) > limits.maxAmountYuan()) {
      throw new InvalidEventException(
          BAD_AMOUNT, field + " beyond the limit of " + limits.maxAmountYuan() + " yuan");
    }
    // Doubles hold 2-decimal yuan amounts within 1e-9 of the exact value up to the limit;
    // rounding to the nearest fen recovers it exactly.
    return Math.round(yuan * 100.0);
  }

  private static long nonNegative(long fen, String field) throws InvalidEventException {
    if (fen < 0) {
      throw new InvalidEventException(BAD_AMOUNT, field + " is negative");
    }
    return fen;
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String wire, String field)
      throws InvalidEventException {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(wire)) {
        return e;
      }
    }
    throw new InvalidEventException(UNKNOWN_TYPE, field + " '" + clip(wire) + "'");
  }

  private static void expectObject(JsonToken t, String field) throws InvalidEventException {
    if (t != JsonToken.START_OBJECT) {
      throw new InvalidEventException(MALFORMED_JSON, field + " must be an object");
    }
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  /** The fields of one record, reused from record to record (one parser per subtask). */
  private static final class Fields {
    int schemaVersion;
    String eventId;
    long ts;
    CustomerIds ids;
    String channel;
    String storeId;
    String guideId;
    String code;
    String sku;
    String batchId;
    String campaignId;
    String issuedRegion;
    String scanRegion;
    boolean rewardPresent;
    String rewardType;
    long rewardAmountFen;
    String rewardCard;
    String orderId;
    String status;
    List<LineItem> items;
    long amountFen;
    String couponId;
    long discountFen;
    String type;
    CustomerIds referrerIds;

    void reset() {
      schemaVersion = Integer.MIN_VALUE;
      eventId = null;
      ts = Long.MIN_VALUE;
      ids = null;
      channel = null;
      storeId = null;
      guideId = null;
      code = null;
      sku = null;
      batchId = null;
      campaignId = null;
      issuedRegion = null;
      scanRegion = null;
      rewardPresent = false;
      rewardType = null;
      rewardAmountFen = Long.MIN_VALUE;
      rewardCard = null;
      orderId = null;
      status = null;
      items = null;
      amountFen = Long.MIN_VALUE;
      couponId = null;
      discountFen = Long.MIN_VALUE;
      type = null;
      referrerIds = null;
    }
  }
}
