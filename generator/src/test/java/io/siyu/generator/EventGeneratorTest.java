package io.siyu.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's promises: determinism, ground truth, one-way-wrong malformed records. */
class EventGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeneratorConfig CONFIG =
      GeneratorConfig.defaults().withCustomers(3_000).withEvents(20_000).withSeed(7);

  private static List<GeneratedRecord> records;
  private static GroundTruth truth;

  @BeforeAll
  static void generate() {
    EventGenerator g = new EventGenerator(CONFIG, true);
    records = new ArrayList<>();
    g.forEachRemaining(records::add);
    truth = g.groundTruth();
  }

  @Test
  void sameSeedGivesTheSameBytes() {
    List<GeneratedRecord> again = EventGenerator.generateAll(CONFIG);
    assertEquals(records.size(), again.size());
    for (int i = 0; i < records.size(); i++) {
      assertEquals(records.get(i), again.get(i), "record " + i);
      assertArrayEquals(records.get(i).value(), again.get(i).value());
    }
  }

  @Test
  void anotherSeedGivesOtherRecords() {
    List<GeneratedRecord> other = EventGenerator.generateAll(CONFIG.withSeed(8).withEvents(200));
    assertNotEquals(records.get(0).valueAsString(), other.get(0).valueAsString());
  }

  @Test
  void producesExactlyTheConfiguredCounts() {
    assertEquals(CONFIG.events(), records.size());
    assertEquals(Math.round(CONFIG.events() * CONFIG.malformedShare()), truth.malformed());
    assertEquals(Math.round(CONFIG.events() * CONFIG.duplicateShare()), truth.duplicates());
    double lateShare = truth.outOfOrder() / (double) truth.validEvents();
    assertTrue(lateShare > 0.04 && lateShare < 0.06, "late share " + lateShare);
  }

  @Test
  void groundTruthMatchesTheRecords() {
    Map<String, Long> perStream = new HashMap<>();
    Map<String, Long> validPerStream = new HashMap<>();
    Map<String, Long> duplicatesPerStream = new HashMap<>();
    Map<RejectReason, Long> perReason = new EnumMap<>(RejectReason.class);
    Map<String, Set<String>> validIds = new HashMap<>();
    for (GeneratedRecord r : records) {
      perStream.merge(r.stream(), 1L, Long::sum);
      if (r.expectedReason() != null) {
        perReason.merge(RejectReason.valueOf(r.expectedReason()), 1L, Long::sum);
      } else if (r.duplicate()) {
        duplicatesPerStream.merge(r.stream(), 1L, Long::sum);
      } else {
        validPerStream.merge(r.stream(), 1L, Long::sum);
        validIds.computeIfAbsent(r.stream(), s -> new LinkedHashSet<>()).add(r.eventId());
      }
    }
    assertEquals(records.size(), truth.totalRecords());
    for (String s : Streams.ALL) {
      assertEquals(perStream.getOrDefault(s, 0L), truth.records(s), s);
      assertEquals(validPerStream.getOrDefault(s, 0L), truth.validEvents(s), s);
      assertEquals(duplicatesPerStream.getOrDefault(s, 0L), truth.duplicates(s), s);
      assertEquals(validIds.get(s), truth.validEventIds(s), s);
    }
    for (RejectReason reason : RejectReason.values()) {
      assertEquals(perReason.getOrDefault(reason, 0L), truth.malformed(reason), reason.name());
      assertTrue(truth.malformed(reason) > 0, "no " + reason + " in 20k records");
    }
    assertEquals(
        truth.totalRecords(), truth.validEvents() + truth.duplicates() + truth.malformed());
  }

  @Test
  void groundTruthRoundTripsThroughJson() throws Exception {
    GroundTruth back = GroundTruth.fromJson(truth.toJson());
    assertEquals(truth.toJson(), back.toJson());
    assertEquals(truth.validEventIds(Streams.SCAN), back.validEventIds(Streams.SCAN));
    assertEquals(truth.business("orders_paid"), back.business("orders_paid"));
  }

  @Test
  void everyRecordIsValidOrWrongInExactlyTheStatedWay() {
    for (GeneratedRecord r : records) {
      Set<String> v = ContractChecker.violations(r.stream(), r.value(), r.kafkaTimestamp());
      Set<String> expected = r.expectedReason() == null ? Set.of() : Set.of(r.expectedReason());
      assertEquals(expected, v, r.toString());
    }
  }

  @Test
  void everyMalformedVariantIsWrongInExactlyOneWay() {
    GeneratorConfig c = CONFIG.withEvents(1000);
    Catalog catalog = new Catalog(c);
    Malformer m = new Malformer(c, catalog, new java.util.SplittableRandom(3));
    long now = c.startTime() + 86_400_000L;
    for (Malformer.Variant variant : Malformer.Variant.values()) {
      for (int i = 0; i < 30; i++) {
        Malformer.Bad bad = m.make(variant, now, i);
        Set<String> v = ContractChecker.violations(bad.stream(), bad.value(), now);
        assertEquals(
            Set.of(variant.reason.name()),
            v,
            variant + ": " + new String(bad.value(), java.nio.charset.StandardCharsets.UTF_8));
        if (variant.reason == RejectReason.NO_CUSTOMER_ID) {
          assertNull(bad.key());
        }
      }
    }
  }

  @Test
  void malformedRecordsAreBrokenAsTheirReasonSays() throws Exception {
    for (GeneratedRecord r : records) {
      if (r.expectedReason() == null) {
        continue;
      }
      RejectReason reason = RejectReason.valueOf(r.expectedReason());
      switch (reason) {
        case OVERSIZED -> {
          assertTrue(r.value().length > 65_536);
          assertTrue(JSON.readTree(r.value()).isObject());
        }
        case TOO_DEEP -> {
          assertTrue(r.value().length < 65_536);
          assertTrue(ContractChecker.depth(JSON.readTree(r.value())) > 16);
        }
        case MALFORMED_JSON -> assertFalse(parsesAsWellTypedObject(r), r.toString());
        default -> {
          JsonNode n = JSON.readTree(r.value());
          assertTrue(n.isObject(), r.toString());
          assertTrue(ContractChecker.depth(n) <= 16);
        }
      }
      if (reason != RejectReason.OVERSIZED) {
        assertTrue(r.value().length < 8_192, r.toString());
      }
    }
  }

  /** True if the bytes are one JSON object whose known fields have the right JSON types. */
  private static boolean parsesAsWellTypedObject(GeneratedRecord r) {
    try {
      JsonNode n =
          JSON.copy()
              .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readTree(r.value());
      if (n == null || !n.isObject()) {
        return false;
      }
    } catch (java.io.IOException e) {
      return false;
    }
    return !ContractChecker.violations(r.stream(), r.value(), r.kafkaTimestamp())
        .contains("MALFORMED_JSON");
  }

  @Test
  void allStreamsAndInteractionTypesAppear() {
    for (String s : Streams.ALL) {
      assertTrue(truth.validEvents(s) > 500, s + ": " + truth.validEvents(s));
    }
    Set<String> types = new HashSet<>();
    Set<String> rewards = new HashSet<>();
    Set<String> channels = new HashSet<>();
    for (GeneratedRecord r : records) {
      if (r.valid() && !r.duplicate()) {
        JsonNode n = tree(r);
        channels.add(n.get("channel").asText());
        if (r.stream().equals(Streams.INTERACTION)) {
          types.add(n.get("type").asText());
        } else if (r.stream().equals(Streams.SCAN)) {
          rewards.add(n.path("reward").path("type").asText("none"));
        }
      }
    }
    assertEquals(Set.copyOf(GroundTruth.INTERACTION_TYPES), types);
    assertEquals(Set.copyOf(GroundTruth.REWARD_TYPES), rewards);
    assertEquals(
        Set.of(
            "wechat_oa",
            "mini_program",
            "wecom",
            "store_pos",
            "tmall",
            "jd",
            "douyin",
            "app",
            "sms"),
        channels);
    for (Map.Entry<String, Long> e : truth.interactionsByType().entrySet()) {
      assertTrue(e.getValue() > 0, e.getKey());
    }
  }

  @Test
  void duplicatesAreByteIdenticalCopiesOfEarlierValidRecords() {
    Map<String, GeneratedRecord> seen = new HashMap<>();
    int duplicates = 0;
    for (GeneratedRecord r : records) {
      if (r.duplicate()) {
        duplicates++;
        GeneratedRecord original = seen.get(r.eventId());
        assertNotNull(original, "duplicate of an unseen event " + r);
        assertArrayEquals(original.value(), r.value());
        assertEquals(original.key(), r.key());
        assertEquals(original.topic(), r.topic());
        assertNull(r.expectedReason());
        assertTrue(r.kafkaTimestamp() >= original.kafkaTimestamp());
      } else if (r.valid()) {
        seen.put(r.eventId(), r);
      }
    }
    assertEquals(truth.duplicates(), duplicates);
  }

  @Test
  void eventIdsAreUniqueAndTimesAdvance() {
    Set<String> ids = new HashSet<>();
    long previousKafkaTs = Long.MIN_VALUE;
    long lateEarlierThanPrevious = 0;
    long previousTs = Long.MIN_VALUE;
    for (GeneratedRecord r : records) {
      assertTrue(r.kafkaTimestamp() >= previousKafkaTs, "Kafka timestamps never go back");
      previousKafkaTs = r.kafkaTimestamp();
      if (r.duplicate()) {
        continue;
      }
      if (r.eventId() != null) {
        assertTrue(ids.add(r.eventId()), "event id reused: " + r.eventId());
        assertTrue(r.eventId().length() <= 128);
      }
      if (r.valid()) {
        long ts = tree(r).get("ts").asLong();
        assertTrue(ts <= r.kafkaTimestamp(), "valid ts after its Kafka timestamp");
        assertTrue(r.kafkaTimestamp() - ts <= GeneratorConfig.MAX_LATENESS_MS, "too late");
        if (ts < r.kafkaTimestamp() && ts < previousTs) {
          lateEarlierThanPrevious++;
        }
        previousTs = ts;
      }
    }
    assertTrue(lateEarlierThanPrevious > 0.9 * truth.outOfOrder(), "late records overtake");
    long start = CONFIG.startTime();
    long end = start + CONFIG.span().toMillis();
    assertTrue(truth.firstKafkaTimestamp() >= start);
    assertTrue(
        truth.lastKafkaTimestamp() > start + CONFIG.span().toMillis() * 8 / 10,
        "events spread over the span");
    assertTrue(truth.lastKafkaTimestamp() < end + CONFIG.span().toMillis() / 5);
  }

  @Test
  void keysAndIdentitiesAreConsistent() {
    Map<String, String> openToMember = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (!r.valid() || r.duplicate()) {
        continue;
      }
      JsonNode n = tree(r);
      JsonNode ids = n.get("ids");
      assertNotNull(r.key());
      boolean keyIsAnId = false;
      for (String f : ContractChecker.ID_FIELDS) {
        keyIsAnId |= r.key().equals(ids.path(f).asText(null));
      }
      assertTrue(keyIsAnId, r.toString());
      if (ids.has("phone")) {
        assertTrue(ids.get("phone").asText().matches("1[3-9][0-9]{9}"));
      }
      if (ids.has("open_id") && ids.has("member_id")) {
        String before =
            openToMember.put(ids.get("open_id").asText(), ids.get("member_id").asText());
        assertTrue(before == null || before.equals(ids.get("member_id").asText()), "one person");
      }
      if (r.stream().equals(Streams.INTERACTION)) {
        String type = n.get("type").asText();
        if (type.equals("bind_member")) {
          assertTrue(ids.size() >= 2 && ids.has("member_id"), r.toString());
        } else if (type.equals("invite_accept")) {
          assertTrue(n.has("referrer_ids"), r.toString());
        } else if (type.equals("coupon_claim") || type.equals("coupon_redeem")) {
          assertTrue(n.has("coupon_id"), r.toString());
        }
      }
    }
  }

  @Test
  void refundsFollowTheirPaidOrdersAndAmountsAddUp() {
    Map<String, JsonNode> paid = new HashMap<>();
    int refunds = 0;
    for (GeneratedRecord r : records) {
      if (!r.valid() || r.duplicate() || !r.stream().equals(Streams.PURCHASE)) {
        continue;
      }
      JsonNode n = tree(r);
      String order = n.get("order_id").asText();
      long itemsFen = 0;
      for (JsonNode item : n.get("items")) {
        itemsFen += item.get("qty").asLong() * Math.round(item.get("unit_price").asDouble() * 100);
      }
      long amountFen = Math.round(n.get("amount").asDouble() * 100);
      if (n.get("status").asText().equals("paid")) {
        assertNull(paid.put(order, n), "order paid twice " + order);
        long discountFen = Math.round(n.path("discount").asDouble(0) * 100);
        assertEquals(itemsFen - discountFen, amountFen, r.toString());
      } else {
        refunds++;
        JsonNode original = paid.get(order);
        assertNotNull(original, "refund of an unknown order " + order);
        assertEquals(original.get("amount").asDouble(), n.get("amount").asDouble());
        assertEquals(original.get("channel"), n.get("channel"));
      }
    }
    assertTrue(refunds > 0);
    double refundShare = refunds / (double) paid.size();
    assertTrue(refundShare > 0.02 && refundShare < 0.08, "refund share " + refundShare);
  }

  @Test
  void scansLookLikeOneItemOneCode() {
    Map<String, Set<String>> scannersByCode = new HashMap<>();
    long diverted = 0;
    long scans = 0;
    for (GeneratedRecord r : records) {
      if (!r.valid() || r.duplicate() || !r.stream().equals(Streams.SCAN)) {
        continue;
      }
      JsonNode n = tree(r);
      scans++;
      if (!n.get("issued_region").equals(n.get("scan_region"))) {
        diverted++;
      }
      scannersByCode
          .computeIfAbsent(n.get("code").asText(), k -> new HashSet<>())
          .add(n.get("ids").get("open_id").asText());
    }
    double divertedShare = diverted / (double) scans;
    assertTrue(divertedShare > 0.02 && divertedShare < 0.08, "diverted " + divertedShare);
    assertEquals(truth.business("scans_diverted"), diverted);
    assertEquals(truth.business("codes_scanned"), scannersByCode.size());
    long sharedCodes = scannersByCode.values().stream().filter(s -> s.size() >= 5).count();
    assertTrue(sharedCodes >= 1 && sharedCodes <= Catalog.FAKE_CODES, "fake codes " + sharedCodes);
    assertTrue(truth.business("scans_repeat") > 0);
    assertTrue(truth.business("collections_completed") > 0);
  }

  @Test
  void customersDiffer() {
    Map<String, Integer> ordersPerBuyer = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (r.valid() && !r.duplicate() && r.stream().equals(Streams.PURCHASE)) {
        JsonNode n = tree(r);
        if (n.get("status").asText().equals("paid")) {
          ordersPerBuyer.merge(r.key(), 1, Integer::sum);
        }
      }
    }
    long oneTime = ordersPerBuyer.values().stream().filter(n -> n == 1).count();
    long loyal = ordersPerBuyer.values().stream().filter(n -> n >= 5).count();
    assertTrue(oneTime > ordersPerBuyer.size() / 4, "many one-time buyers");
    assertTrue(loyal > 10, "some loyal repeat buyers");
    assertTrue(truth.business("buyers") < truth.business("customers_seen") * 0.7, "many never buy");
    assertTrue(truth.business("invitees_who_bought") > 0);
  }

  @Test
  void customerIdentitiesCountWhatOneIdCanLink() {
    // Union-find over id values: ids that appear together in one event are one customer.
    Map<String, String> parent = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (!r.valid() || r.duplicate()) {
        continue;
      }
      JsonNode ids = tree(r).get("ids");
      String first = null;
      for (String f : ContractChecker.ID_FIELDS) {
        if (ids.has(f)) {
          String id = f + ":" + ids.get(f).asText();
          parent.putIfAbsent(id, id);
          if (first == null) {
            first = id;
          } else {
            parent.put(find(parent, id), find(parent, first));
          }
        }
      }
    }
    long roots = parent.keySet().stream().filter(id -> find(parent, id).equals(id)).count();
    assertEquals(truth.business("customer_identities"), roots);
    assertTrue(roots >= truth.business("customers_seen"));
  }

  private static String find(Map<String, String> parent, String id) {
    while (!parent.get(id).equals(id)) {
      id = parent.get(id);
    }
    return id;
  }

  @Test
  void payloadsHaveNoLineBreaks() {
    for (GeneratedRecord r : records) {
      for (byte b : r.value()) {
        if (b == '\n' || b == '\r') {
          throw new AssertionError("line break in " + r);
        }
      }
    }
  }

  @Test
  void edgeConfigurationsWork() {
    assertFalse(new EventGenerator(CONFIG.withEvents(0)).hasNext());
    List<GeneratedRecord> one = EventGenerator.generateAll(CONFIG.withCustomers(1).withEvents(500));
    assertEquals(500, one.size());
    List<GeneratedRecord> bad =
        EventGenerator.generateAll(
            CONFIG
                .withEvents(2_000)
                .withMalformedShare(0.5)
                .withDuplicateShare(0.4)
                .withDays(0.01));
    long malformed = bad.stream().filter(r -> r.expectedReason() != null).count();
    assertEquals(1_000, malformed);
    for (GeneratedRecord r : bad) {
      Set<String> expected = r.expectedReason() == null ? Set.of() : Set.of(r.expectedReason());
      assertEquals(expected, ContractChecker.violations(r.stream(), r.value(), r.kafkaTimestamp()));
    }
  }

  private static JsonNode tree(GeneratedRecord r) {
    try {
      return JSON.readTree(r.value());
    } catch (Exception e) {
      throw new AssertionError(r.toString(), e);
    }
  }
}
