package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.generator.GeneratedRecord;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent computation of every customer's lifecycle stage and RFM segment from the generated
 * records, written for the test from DOMAIN.md's definitions (defaults of conf/local.yaml): records
 * read with a plain JSON tree, customers keyed by their strongest id, evaluated at the job's final
 * watermark.
 */
final class ReferenceProfiles {
  private static final long DAY = 86_400_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the test compares per customer. */
  record Expected(String stage, String segment, long lifetimeOrders, long windowOrders) {}

  private static final class Customer {
    long clock = Long.MIN_VALUE;
    int paid;
    final Map<String, long[]> orders = new LinkedHashMap<>(); // id -> {ts, net fen}

    /**
     * DOMAIN.md's stages at time t: quiet periods first; else one order is NEW; else a last
     * purchase 60+ days after the one before is a win-back; else ACTIVE.
     */
    String stageAt(long t) {
      long[] ts = orders.values().stream().mapToLong(o -> o[0]).sorted().toArray();
      if (ts.length == 0) {
        return "PROSPECT";
      }
      long last = ts[ts.length - 1];
      long quiet = t - last;
      if (quiet >= 365 * DAY) {
        return "CHURNED";
      }
      if (quiet >= 120 * DAY) {
        return "DORMANT";
      }
      if (quiet >= 60 * DAY) {
        return "AT_RISK";
      }
      if (ts.length == 1) {
        return "NEW";
      }
      return last - ts[ts.length - 2] >= 60 * DAY ? "WON_BACK" : "ACTIVE";
    }
  }

  static Map<String, Expected> compute(
      Iterable<GeneratedRecord> records, PhoneHasher hasher, long finalWatermark)
      throws IOException {
    Map<String, Customer> customers = new HashMap<>();
    Set<String> seenEvents = new HashSet<>();
    for (GeneratedRecord r : records) {
      if (!r.valid() || !seenEvents.add(r.stream() + "/" + r.eventId())) {
        continue;
      }
      JsonNode e = JSON.readTree(r.value());
      String key = key(e.get("ids"), hasher);
      Customer c = customers.computeIfAbsent(key, k -> new Customer());
      long ts = e.get("ts").asLong();
      c.clock = Math.max(c.clock, ts);
      if (!r.stream().equals("purchase")) {
        continue;
      }
      String order = e.get("order_id").asText();
      long fen = Math.round(e.get("amount").asDouble() * 100);
      if (e.get("status").asText().equals("paid")) {
        if (c.orders.containsKey(order)) {
          continue;
        }
        c.orders.put(order, new long[] {ts, fen});
        c.paid++;
      } else if (c.orders.containsKey(order)) {
        long[] o = c.orders.get(order);
        o[1] -= Math.min(fen, o[1]);
      }
    }
    Map<String, Expected> out = new TreeMap<>();
    customers.forEach(
        (key, c) -> {
          long t = Math.max(finalWatermark, c.clock);
          int windowOrders = 0;
          long net = 0;
          for (long[] o : c.orders.values()) {
            if (o[0] > t - 365 * DAY) {
              windowOrders += o[1] > 0 ? 1 : 0;
              net += o[1];
            }
          }
          out.put(
              key,
              new Expected(
                  c.stageAt(t),
                  segment(windowOrders == 0 ? -1 : t - lastPurchase(c), windowOrders, net),
                  c.paid,
                  windowOrders));
        });
    return out;
  }

  private static long lastPurchase(Customer c) {
    return c.orders.values().stream().mapToLong(o -> o[0]).max().orElseThrow();
  }

  /** Cut points of conf/local.yaml; a score of 3 or more is "high". */
  private static String segment(long quiet, int orders, long netFen) {
    if (quiet < 0) {
      return "NONE";
    }
    int r =
        quiet <= 7 * DAY
            ? 5
            : quiet <= 30 * DAY ? 4 : quiet <= 90 * DAY ? 3 : quiet <= 180 * DAY ? 2 : 1;
    int f = orders >= 8 ? 5 : orders >= 5 ? 4 : orders >= 3 ? 3 : orders >= 2 ? 2 : 1;
    int m =
        netFen >= 200_000
            ? 5
            : netFen >= 80_000 ? 4 : netFen >= 30_000 ? 3 : netFen >= 10_000 ? 2 : 1;
    String value = m >= 3 ? "IMPORTANT_" : "GENERAL_";
    boolean recent = r >= 3;
    boolean frequent = f >= 3;
    return value + (recent ? (frequent ? "VALUE" : "DEVELOP") : (frequent ? "RETAIN" : "WINBACK"));
  }

  /** The strongest id, kind-prefixed, the phone hashed: the job's customer key before OneID. */
  static String key(JsonNode ids, PhoneHasher hasher) {
    for (String[] kind :
        new String[][] {{"member_id", "m:"}, {"union_id", "u:"}, {"open_id", "o:"}}) {
      JsonNode v = ids.get(kind[0]);
      if (v != null && !v.isNull() && !v.asText().isEmpty()) {
        return kind[1] + v.asText();
      }
    }
    return "p:" + hasher.hash(ids.get("phone").asText());
  }

  private ReferenceProfiles() {}
}
