package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.generator.GeneratedRecord;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent computation of every customer's lifecycle stage and RFM segment from the generated
 * records, written for the test from DOMAIN.md's definitions (defaults of conf/local.yaml): records
 * read with a plain JSON tree; identifiers seen on one event (the customer's, or an inviter's) are
 * one person, whose canonical id is their strongest identifier (member > union > open > phone, then
 * the smallest); evaluated at the job's final watermark.
 */
final class ReferenceProfiles {
  private static final long DAY = 86_400_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the test compares per customer. */
  record Expected(
      String stage,
      String segment,
      long lifetimeOrders,
      long windowOrders,
      long invitesAccepted,
      long inviteesBought) {}

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

  /** Every identifier → its person's canonical id, from all the valid records. */
  static Map<String, String> canonicalIds(Iterable<GeneratedRecord> records, PhoneHasher hasher)
      throws IOException {
    Map<String, String> parent = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (!r.valid()) {
        continue;
      }
      JsonNode e = JSON.readTree(r.value());
      link(parent, ids(e.get("ids"), hasher));
      JsonNode referrer = invitation(e) ? e.get("referrer_ids") : null;
      if (referrer != null && referrer.isObject() && !ids(referrer, hasher).isEmpty()) {
        link(parent, ids(referrer, hasher));
      }
    }
    Map<String, String> canonical = new HashMap<>();
    Map<String, String> strongest = new HashMap<>();
    for (String id : parent.keySet()) {
      strongest.merge(root(parent, id), id, (a, b) -> stronger(a, b) ? a : b);
    }
    for (String id : parent.keySet()) {
      canonical.put(id, strongest.get(root(parent, id)));
    }
    return canonical;
  }

  static Map<String, Expected> compute(
      Iterable<GeneratedRecord> records, PhoneHasher hasher, long finalWatermark)
      throws IOException {
    Map<String, String> canonical = canonicalIds(records, hasher);
    Map<String, Customer> customers = new HashMap<>();
    Set<String> seenEvents = new HashSet<>();
    // Social value: each invitee's earliest accepted invitation (not their own), by event time.
    Map<String, String[]> invitedBy = new HashMap<>(); // invitee -> {inviter, accepted at}
    for (GeneratedRecord r : records) {
      if (!r.valid() || !seenEvents.add(r.stream() + "/" + r.eventId())) {
        continue;
      }
      JsonNode e = JSON.readTree(r.value());
      String key = canonical.get(ids(e.get("ids"), hasher).get(0));
      if (invitation(e) && e.get("referrer_ids") != null && e.get("referrer_ids").isObject()) {
        List<String> inviterIds = ids(e.get("referrer_ids"), hasher);
        String inviter = inviterIds.isEmpty() ? null : canonical.get(inviterIds.get(0));
        long at = e.get("ts").asLong();
        String[] known = invitedBy.get(key);
        if (inviter != null
            && !inviter.equals(key)
            && (known == null || Long.parseLong(known[1]) > at)) {
          invitedBy.put(key, new String[] {inviter, Long.toString(at)});
        }
      }
      Customer c = customers.computeIfAbsent(key, k -> new Customer());
      long ts = e.get("ts").asLong();
      c.clock = Math.max(c.clock, ts);
      JsonNode referrer = invitation(e) ? e.get("referrer_ids") : null;
      if (referrer != null && referrer.isObject() && !ids(referrer, hasher).isEmpty()) {
        // An inviter is a customer even if known only from the invitation.
        customers.computeIfAbsent(canonical.get(ids(referrer, hasher).get(0)), k -> new Customer());
      }
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
    Map<String, long[]> social = new HashMap<>(); // inviter -> {accepted, bought}
    invitedBy.forEach(
        (invitee, by) -> {
          long[] counts = social.computeIfAbsent(by[0], k -> new long[2]);
          counts[0]++;
          Customer c = customers.get(invitee);
          long at = Long.parseLong(by[1]);
          if (c != null && c.orders.values().stream().anyMatch(o -> o[0] >= at)) {
            counts[1]++;
          }
        });
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
                  windowOrders,
                  social.getOrDefault(key, new long[2])[0],
                  social.getOrDefault(key, new long[2])[1]));
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

  /** The strongest id, kind-prefixed, the phone hashed: the key an event's own history has. */
  static String key(JsonNode ids, PhoneHasher hasher) {
    return ids(ids, hasher).get(0);
  }

  /** An accepted invitation: its referrer ids are one person, the inviter. */
  private static boolean invitation(JsonNode e) {
    return e.has("type") && e.get("type").asText().equals("invite_accept");
  }

  /** The identifiers of an {@code ids} object, prefixed by kind, strongest first. */
  static List<String> ids(JsonNode ids, PhoneHasher hasher) {
    List<String> out = new ArrayList<>(4);
    for (String[] kind :
        new String[][] {{"member_id", "m:"}, {"union_id", "u:"}, {"open_id", "o:"}}) {
      JsonNode v = ids.get(kind[0]);
      if (v != null && !v.isNull() && !v.asText().isEmpty()) {
        out.add(kind[1] + v.asText());
      }
    }
    JsonNode phone = ids.get("phone");
    if (phone != null && !phone.isNull() && !phone.asText().isEmpty()) {
      out.add("p:" + hasher.hash(phone.asText()));
    }
    return out;
  }

  private static void link(Map<String, String> parent, List<String> ids) {
    for (String id : ids) {
      parent.putIfAbsent(id, id);
    }
    for (int i = 1; i < ids.size(); i++) {
      parent.put(root(parent, ids.get(i)), root(parent, ids.get(0)));
    }
  }

  private static String root(Map<String, String> parent, String id) {
    String r = id;
    while (!parent.get(r).equals(r)) {
      r = parent.get(r);
    }
    return r;
  }

  private static boolean stronger(String a, String b) {
    String kinds = "muop";
    int ka = kinds.indexOf(a.charAt(0));
    int kb = kinds.indexOf(b.charAt(0));
    return ka != kb ? ka < kb : a.compareTo(b) < 0;
  }

  private ReferenceProfiles() {}
}
