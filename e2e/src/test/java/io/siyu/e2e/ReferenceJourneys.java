package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.generator.GeneratedRecord;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent computation of the journey triggers the job must send, from the generated records
 * read as plain JSON, written for the test from DOMAIN.md, README "Journeys" and the shipped
 * conf/journeys.yaml (repeated here as constants, not read from the job's classes): customers keyed
 * by their strongest id (the job's stand-in for OneID), their events in (time, event id) order,
 * each journey simulated per customer, then the frequency cap per recipient, as of the job's final
 * watermark. Win-back is left out: see {@link JourneyEndToEndIT}.
 */
final class ReferenceJourneys {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final int DAILY_CAP = 2;
  private static final long ATTRIBUTION = 7 * DAY;
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final Map<String, List<String>> CARDS =
      Map.of(
          "cny2026-xnkl", List.of("新", "年", "快", "乐"),
          "horse2026-mdcg", List.of("马", "到", "成", "功"));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A trigger as the job must send it. */
  record Trigger(
      String id,
      String journey,
      String recipient,
      long firedAt,
      int priority,
      boolean exempt,
      long cooldown,
      boolean once) {}

  /** One customer event. */
  private record Event(
      String id, String kind, long ts, String referrer, String campaign, String card) {}

  /** The sent triggers, and every paid purchase per customer key (for conversions). */
  record Result(List<Trigger> sent, Map<String, List<Long>> purchases) {
    Set<String> ids() {
      Set<String> out = new HashSet<>();
      sent.forEach(t -> out.add(t.id()));
      return out;
    }

    /** Sent triggers per journey followed by a purchase of the recipient within 7 days. */
    Map<String, Long> conversions() {
      Map<String, Long> out = new TreeMap<>();
      for (Trigger t : sent) {
        boolean converted =
            purchases.getOrDefault(t.recipient(), List.of()).stream()
                .anyMatch(p -> p > t.firedAt() && p <= t.firedAt() + ATTRIBUTION);
        out.merge(t.journey(), converted ? 1L : 0L, Long::sum);
      }
      return out;
    }
  }

  private ReferenceJourneys() {}

  static Result compute(List<GeneratedRecord> records, PhoneHasher hasher, long finalWatermark)
      throws IOException {
    Map<String, List<Event>> byCustomer = new HashMap<>();
    Map<String, List<Long>> purchases = new HashMap<>();
    Map<String, Set<String>> orders = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (GeneratedRecord r : records) {
      if (!r.valid() || !seen.add(r.stream() + "/" + r.eventId())) {
        continue;
      }
      JsonNode e = JSON.readTree(r.value());
      String key = key(e.get("ids"), hasher);
      long ts = e.get("ts").asLong();
      String kind;
      String referrer = null;
      String card = null;
      switch (r.stream()) {
        case "scan" -> {
          kind = "scan";
          JsonNode reward = e.get("reward");
          if (reward != null && "card".equals(text(reward, "type"))) {
            card = text(reward, "card");
          }
        }
        case "purchase" -> {
          kind = "paid".equals(text(e, "status")) ? "purchase" : "refund";
          if (kind.equals("purchase")
              && orders.computeIfAbsent(key, k -> new HashSet<>()).add(text(e, "order_id"))) {
            purchases.computeIfAbsent(key, k -> new ArrayList<>()).add(ts);
          }
        }
        default -> {
          kind = text(e, "type");
          JsonNode ref = e.get("referrer_ids");
          if (ref != null && ref.size() > 0) {
            referrer = key(ref, hasher);
          }
        }
      }
      byCustomer
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Event(r.eventId(), kind, ts, referrer, text(e, "campaign_id"), card));
    }
    List<Trigger> fired = new ArrayList<>();
    byCustomer.forEach(
        (key, events) -> {
          events.sort(Comparator.comparingLong(Event::ts).thenComparing(Event::id));
          journeys(key, events, fired);
        });
    fired.removeIf(t -> t.firedAt() > finalWatermark);
    return new Result(cap(fired), purchases);
  }

  private static void journeys(String key, List<Event> events, List<Trigger> out) {
    // Kinds seen before each event ("first" scan / contact / order).
    List<Set<String>> before = new ArrayList<>();
    Set<String> kinds = new HashSet<>();
    for (Event e : events) {
      before.add(Set.copyOf(kinds));
      kinds.add(e.kind());
    }
    Map<String, Long> collected = new HashMap<>();
    Set<String> completed = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      Set<String> b = before.get(i);
      switch (e.kind()) {
        case "invite_accept" -> {
          if (e.referrer() != null) {
            referral(key, events, before, i, out);
          }
        }
        case "add_to_cart" ->
            absence(key, events, i, "cart-abandoned", 2, 2 * HOUR, 1 * DAY, false, true, out);
        case "follow" -> {
          if (!b.contains("follow") && !b.contains("scan")) {
            absence(key, events, i, "welcome", 3, DAY, 0, true, false, out);
          }
        }
        case "scan" -> {
          if (!b.contains("follow") && !b.contains("scan")) {
            absence(key, events, i, "welcome", 3, DAY, 0, true, false, out);
          }
          absence(key, events, i, "scan-no-purchase", 5, 7 * DAY, 14 * DAY, false, true, out);
          List<String> cards = CARDS.get(e.campaign());
          int index = cards == null || e.card() == null ? -1 : cards.indexOf(e.card());
          if (index >= 0) {
            long mask = collected.merge(e.campaign(), 1L << index, (x, y) -> x | y);
            if (mask == (1L << cards.size()) - 1 && completed.add(e.campaign())) {
              out.add(
                  new Trigger(
                      id("collection-complete", key, "campaign:" + e.campaign()),
                      "collection-complete",
                      key,
                      e.ts(),
                      1,
                      true,
                      0,
                      false));
            }
          }
        }
        case "purchase" -> {
          if (!b.contains("purchase")) {
            absence(key, events, i, "second-purchase", 4, 30 * DAY, 0, true, false, out);
          }
        }
        case "lifecycle" ->
            out.add(
                new Trigger(
                    id("win-back", key, e.id()),
                    "win-back",
                    key,
                    e.ts(),
                    5,
                    false,
                    30 * DAY,
                    false));
        default -> {}
      }
    }
  }

  /**
   * Entry at {@code i}, no purchase within {@code limit} (exclusive): fires at entry + limit. With
   * {@code restart}, a newer entry of the same kind within the limit supersedes it.
   */
  private static void absence(
      String key,
      List<Event> events,
      int i,
      String journey,
      int priority,
      long limit,
      long cooldown,
      boolean once,
      boolean restart,
      List<Trigger> out) {
    Event entry = events.get(i);
    for (int j = i + 1; j < events.size(); j++) {
      Event x = events.get(j);
      if (x.ts() >= entry.ts() + limit) {
        break;
      }
      if (x.kind().equals("purchase") || (restart && x.kind().equals(entry.kind()))) {
        return;
      }
    }
    out.add(
        new Trigger(
            id(journey, key, entry.id()),
            journey,
            key,
            entry.ts() + limit,
            priority,
            false,
            cooldown,
            once));
  }

  /**
   * The invitee's first paid order within 14 days (exclusive) of this invite, if no earlier open
   * invite took it (first touch), rewards the referrer.
   */
  private static void referral(
      String key, List<Event> events, List<Set<String>> before, int i, List<Trigger> out) {
    Event invite = events.get(i);
    for (int j = i + 1; j < events.size(); j++) {
      Event x = events.get(j);
      if (x.kind().equals("purchase") && !before.get(j).contains("purchase")) {
        if (x.ts() - invite.ts() >= 14 * DAY) {
          return;
        }
        for (int k = 0; k < i; k++) {
          Event earlier = events.get(k);
          if (earlier.kind().equals("invite_accept")
              && earlier.referrer() != null
              && x.ts() - earlier.ts() < 14 * DAY) {
            return; // an earlier open invite wins
          }
        }
        out.add(
            new Trigger(
                id("referral-reward", invite.referrer(), invite.id() + "|" + x.id()),
                "referral-reward",
                invite.referrer(),
                x.ts(),
                0,
                true,
                0,
                false));
        return;
      }
    }
  }

  /** The frequency cap per recipient, in (time, journey priority, id) order. */
  private static List<Trigger> cap(List<Trigger> fired) {
    fired.sort(
        Comparator.comparing(Trigger::recipient)
            .thenComparingLong(Trigger::firedAt)
            .thenComparingInt(Trigger::priority)
            .thenComparing(Trigger::id));
    List<Trigger> sent = new ArrayList<>();
    Map<String, Long> lastSent = new HashMap<>();
    Map<String, Integer> perDay = new HashMap<>();
    for (Trigger t : fired) {
      String journeyKey = t.recipient() + "/" + t.journey();
      Long last = lastSent.get(journeyKey);
      if (last != null && (t.once() || t.firedAt() - last < t.cooldown())) {
        continue;
      }
      String day =
          t.recipient() + "/" + Instant.ofEpochMilli(t.firedAt()).atZone(ZONE).toLocalDate();
      if (!t.exempt()) {
        if (perDay.getOrDefault(day, 0) >= DAILY_CAP) {
          continue;
        }
        perDay.merge(day, 1, Integer::sum);
      }
      lastSent.put(journeyKey, t.firedAt());
      sent.add(t);
    }
    return sent;
  }

  /** README "Trigger ids": SHA-256 of journey, recipient, unique part, each NUL-terminated. */
  static String id(String journey, String recipient, String part) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String s : new String[] {journey, recipient, part}) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String key(JsonNode ids, PhoneHasher hasher) {
    return ReferenceProfiles.key(ids, hasher);
  }
}
