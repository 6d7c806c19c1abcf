package io.siyu.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * An independent reading of the input contract for tests: unlike the Flink parser, which stops at
 * the first problem, it collects every violation of a record, so a test can assert that a malformed
 * record is wrong in exactly one way and a valid one in none. Returns reason names; "BAD_VALUE"
 * flags problems outside the generator's reasons (e.g. ids over 128 characters).
 */
final class ContractChecker {
  static final int MAX_BYTES = 65_536;
  static final int MAX_DEPTH = 16;
  static final long MIN_TS = 1_420_070_400_000L;
  static final long MAX_SKEW = 3_600_000L;
  static final Set<String> INTERACTION_TYPES = Set.copyOf(GroundTruth.INTERACTION_TYPES);
  static final Set<String> STATUSES = Set.of("paid", "refunded");
  static final Set<String> REWARD_TYPES = Set.copyOf(GroundTruth.REWARD_TYPES);
  static final String[] ID_FIELDS = {"member_id", "union_id", "open_id", "phone"};

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(10_000).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private ContractChecker() {}

  /** Every reason the record violates; empty for a record the parser must accept. */
  static Set<String> violations(String stream, byte[] value, long kafkaTimestamp) {
    Set<String> v = new LinkedHashSet<>();
    if (value.length > MAX_BYTES) {
      v.add("OVERSIZED");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(value);
    } catch (IOException e) {
      v.add("MALFORMED_JSON");
      return v;
    }
    if (root == null || !root.isObject()) {
      v.add("MALFORMED_JSON");
      return v;
    }
    if (depth(root) > MAX_DEPTH) {
      v.add("TOO_DEEP");
    }
    header(root, kafkaTimestamp, v);
    switch (stream) {
      case "scan" -> scan(root, v);
      case "purchase" -> purchase(root, v);
      default -> interaction(root, v);
    }
    return v;
  }

  static int depth(JsonNode n) {
    if (!n.isContainerNode()) {
      return 0;
    }
    int max = 0;
    for (JsonNode child : n) {
      max = Math.max(max, depth(child));
    }
    return 1 + max;
  }

  private static void header(JsonNode root, long kafkaTs, Set<String> v) {
    if (text(root, "event_id", v) == null) {
      v.add("MISSING_FIELD");
    }
    JsonNode ts = root.get("ts");
    if (ts == null || ts.isNull()) {
      v.add("MISSING_FIELD");
    } else if (!ts.isIntegralNumber()) {
      v.add("MALFORMED_JSON");
    } else if (ts.asLong() < MIN_TS || ts.asLong() > kafkaTs + MAX_SKEW) {
      v.add("BAD_TIMESTAMP");
    }
    if (countIds(root.get("ids"), "ids", v) == 0) {
      v.add("NO_CUSTOMER_ID");
    }
    if (text(root, "channel", v) == null) {
      v.add("MISSING_FIELD");
    }
    text(root, "store_id", v);
    text(root, "guide_id", v);
    JsonNode version = root.get("schema_version");
    if (version != null && (!version.isIntegralNumber() || version.asLong() < 1)) {
      v.add(version.isIntegralNumber() ? "BAD_VALUE" : "MALFORMED_JSON");
    }
  }

  private static void scan(JsonNode root, Set<String> v) {
    if (text(root, "code", v) == null) {
      v.add("MISSING_FIELD");
    }
    for (String f :
        new String[] {"sku", "batch_id", "campaign_id", "issued_region", "scan_region"}) {
      text(root, f, v);
    }
    JsonNode reward = root.get("reward");
    if (reward != null && !reward.isNull()) {
      if (!reward.isObject()) {
        v.add("MALFORMED_JSON");
        return;
      }
      String type = text(reward, "type", v);
      if (type != null && !REWARD_TYPES.contains(type)) {
        v.add("UNKNOWN_TYPE");
      }
      money(reward.get("amount"), v);
      text(reward, "card", v);
    }
  }

  private static void purchase(JsonNode root, Set<String> v) {
    if (text(root, "order_id", v) == null) {
      v.add("MISSING_FIELD");
    }
    String status = text(root, "status", v);
    if (status == null) {
      v.add("MISSING_FIELD");
    } else if (!STATUSES.contains(status)) {
      v.add("UNKNOWN_TYPE");
    }
    JsonNode amount = root.get("amount");
    if (amount == null || amount.isNull()) {
      v.add("MISSING_FIELD");
    } else {
      money(amount, v);
    }
    money(root.get("discount"), v);
    text(root, "coupon_id", v);
    JsonNode items = root.get("items");
    if (items != null && !items.isNull()) {
      if (!items.isArray()) {
        v.add("MALFORMED_JSON");
        return;
      }
      for (JsonNode item : items) {
        if (!item.isObject()) {
          v.add("MALFORMED_JSON");
          continue;
        }
        if (text(item, "sku", v) == null) {
          v.add("MISSING_FIELD");
        }
        text(item, "category", v);
        JsonNode qty = item.get("qty");
        if (qty != null && !qty.isNull()) {
          if (!qty.isIntegralNumber()) {
            v.add("MALFORMED_JSON");
          } else if (qty.asLong() <= 0 || qty.asLong() > 10_000) {
            v.add("BAD_AMOUNT");
          }
        }
        JsonNode price = item.get("unit_price");
        if (price == null || price.isNull()) {
          v.add("MISSING_FIELD");
        } else {
          money(price, v);
        }
      }
    }
  }

  private static void interaction(JsonNode root, Set<String> v) {
    String type = text(root, "type", v);
    if (type == null) {
      v.add("MISSING_FIELD");
    } else if (!INTERACTION_TYPES.contains(type)) {
      v.add("UNKNOWN_TYPE");
    } else if (type.equals("bind_member") && countIds(root.get("ids"), "ids", v) == 1) {
      v.add("MISSING_FIELD");
    }
    text(root, "sku", v);
    text(root, "campaign_id", v);
    text(root, "coupon_id", v);
    countIds(root.get("referrer_ids"), "referrer_ids", v);
  }

  /** A string field's value; null if absent, null or empty; wrong types are flagged. */
  private static String text(JsonNode parent, String field, Set<String> v) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() && !n.isIntegralNumber()) {
      v.add("MALFORMED_JSON");
      return null;
    }
    String s = n.asText();
    if (s.length() > 128) {
      v.add("BAD_VALUE");
    }
    return s.isEmpty() ? null : s;
  }

  private static int countIds(JsonNode ids, String field, Set<String> v) {
    if (ids == null || ids.isNull()) {
      return 0;
    }
    if (!ids.isObject()) {
      v.add("MALFORMED_JSON");
      return -1; // not "no id": the record is already malformed
    }
    int n = 0;
    for (String f : ID_FIELDS) {
      if (text(ids, f, v) != null) {
        n++;
      }
    }
    JsonNode phone = ids.get("phone");
    if (phone != null && phone.isTextual() && !phone.asText().matches("1[3-9][0-9]{9}")) {
      v.add("BAD_VALUE");
    }
    return n;
  }

  private static void money(JsonNode n, Set<String> v) {
    if (n == null || n.isNull()) {
      return;
    }
    if (!n.isNumber()) {
      v.add("MALFORMED_JSON");
      return;
    }
    if (n.decimalValue().scale() > 2 && n.decimalValue().stripTrailingZeros().scale() > 2) {
      v.add("BAD_VALUE"); // the contract allows two decimals; the parser would round
    }
    double d = n.asDouble();
    if (d < 0 || d > 1_000_000) {
      v.add("BAD_AMOUNT");
    }
  }

  /** Unknown top-level fields, for tests that check that valid records carry none. */
  static Set<String> unknownFields(JsonNode root, Set<String> known) {
    Set<String> unknown = new LinkedHashSet<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      String name = it.next().getKey();
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}
