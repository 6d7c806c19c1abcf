package io.siyu.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ground truth of the scan alerts (diverted scans, codes scanned by several people) against
 * what the emitted records say, recomputed here from the records and the code batches file.
 */
class ScanAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeneratorConfig CONFIG =
      GeneratorConfig.defaults().withCustomers(3_000).withEvents(30_000).withSeed(23);

  private static List<GeneratedRecord> records;
  private static GroundTruth truth;

  /** Valid, non-duplicate scans as JSON with their record, in emission order. */
  private static final List<Scan> scans = new ArrayList<>();

  private record Scan(GeneratedRecord record, JsonNode json) {}

  @BeforeAll
  static void generate() throws IOException {
    EventGenerator g = new EventGenerator(CONFIG, true);
    records = new ArrayList<>();
    g.forEachRemaining(records::add);
    truth = g.groundTruth();
    for (GeneratedRecord r : records) {
      if (r.valid() && !r.duplicate() && r.stream().equals(Streams.SCAN)) {
        scans.add(new Scan(r, JSON.readTree(r.value())));
      }
    }
  }

  @Test
  void divertedScansAreTheValidScansAwayFromTheirBatchRegion() {
    Map<String, String> shippedRegion = new HashMap<>();
    for (GroundTruth.BatchInfo b : CodeBatches.of(CONFIG)) {
      shippedRegion.put(b.batchId(), b.issuedRegion());
    }
    Set<String> expected = new LinkedHashSet<>();
    for (Scan s : scans) {
      String batchRegion = shippedRegion.get(s.json().path("batch_id").asText());
      if (!batchRegion.equals(s.json().path("scan_region").asText())) {
        expected.add(s.record().eventId());
      }
    }
    Set<String> diverted = truth.divertedScanEventIds();
    assertEquals(expected, diverted);
    assertEquals(List.copyOf(expected), List.copyOf(diverted), "generation order");
    assertEquals(truth.business("scans_diverted"), diverted.size());
    assertTrue(diverted.size() > 50, "diverted " + diverted.size());

    // Each of them is a valid scan record whose regions differ; none is malformed or a re-send.
    Map<String, GeneratedRecord> byId = new HashMap<>();
    for (GeneratedRecord r : records) {
      if (r.valid() && !r.duplicate()) {
        byId.put(r.eventId(), r);
      }
    }
    for (String id : diverted) {
      GeneratedRecord r = byId.get(id);
      assertEquals(Streams.SCAN, r.stream(), id);
      String v = r.valueAsString();
      JsonNode n = tree(r);
      assertFalse(n.path("issued_region").equals(n.path("scan_region")), v);
    }
  }

  @Test
  void copiedCodesAreTheFakeCodesScannedByTwoOrMorePeople() {
    // Recomputed from the records: a person is an open id (every scan carries it).
    Map<String, Map<String, Scan>> firstScanByPerson = new LinkedHashMap<>();
    for (Scan s : scans) {
      firstScanByPerson
          .computeIfAbsent(s.json().path("code").asText(), k -> new LinkedHashMap<>())
          .putIfAbsent(s.json().path("ids").path("open_id").asText(), s);
    }
    Map<String, List<Scan>> expected = new HashMap<>();
    firstScanByPerson.forEach(
        (code, persons) -> {
          if (persons.size() >= 2) {
            expected.put(code, List.copyOf(persons.values()));
          }
        });

    Map<String, List<GroundTruth.CodeScan>> copied = truth.copiedCodes();
    assertEquals(expected.keySet(), copied.keySet());
    assertTrue(copied.size() >= 2, "copied codes " + copied.keySet());

    Set<String> fakeCodes = Set.of(new Catalog(CONFIG).fakeCodes);
    Set<String> fakeScannedByTwo = new HashSet<>(fakeCodes);
    fakeScannedByTwo.retainAll(expected.keySet());
    assertEquals(fakeScannedByTwo, copied.keySet(), "exactly the fake codes with >= 2 people");

    for (Map.Entry<String, List<GroundTruth.CodeScan>> e : copied.entrySet()) {
      List<Scan> want = expected.get(e.getKey());
      List<GroundTruth.CodeScan> got = e.getValue();
      assertEquals(want.size(), got.size(), e.getKey());
      Set<Integer> persons = new HashSet<>();
      for (int i = 0; i < got.size(); i++) {
        GroundTruth.CodeScan c = got.get(i);
        Scan s = want.get(i);
        assertEquals(s.record().eventId(), c.eventId());
        assertEquals(s.json().path("ids").path("open_id").asText(), c.openId());
        assertEquals(s.json().path("ts").asLong(), c.ts());
        assertEquals(s.record().kafkaTimestamp(), c.kafkaTimestamp());
        assertTrue(persons.add(c.person()), "one person once: " + c);
        if (i > 0) {
          assertTrue(got.get(i - 1).kafkaTimestamp() <= c.kafkaTimestamp(), "emission order");
        }
      }
    }
  }

  @Test
  void sameSeedSameAlerts() throws IOException {
    EventGenerator again = new EventGenerator(CONFIG, true);
    again.forEachRemaining(r -> {});
    GroundTruth t = again.groundTruth();
    assertEquals(List.copyOf(truth.divertedScanEventIds()), List.copyOf(t.divertedScanEventIds()));
    assertEquals(truth.copiedCodes(), t.copiedCodes());
    assertEquals(truth.toJson(), t.toJson());

    // And through the JSON file format.
    GroundTruth read = GroundTruth.fromJson(truth.toJson());
    assertEquals(
        List.copyOf(truth.divertedScanEventIds()), List.copyOf(read.divertedScanEventIds()));
    assertEquals(truth.copiedCodes(), read.copiedCodes());
    assertEquals(
        List.copyOf(truth.copiedCodes().keySet()), List.copyOf(read.copiedCodes().keySet()));
  }

  @Test
  void onlyWhenEventIdsAreTracked() throws IOException {
    EventGenerator g = new EventGenerator(CONFIG.withEvents(2_000), false);
    g.forEachRemaining(r -> {});
    GroundTruth t = g.groundTruth();
    assertThrows(IllegalStateException.class, t::divertedScanEventIds);
    assertThrows(IllegalStateException.class, t::copiedCodes);
    assertThrows(IllegalStateException.class, GroundTruth.fromJson(t.toJson())::copiedCodes);
    assertFalse(t.toJson().contains("copied_codes"));
    assertTrue(t.business("scans_diverted") > 0);
  }

  private static JsonNode tree(GeneratedRecord r) {
    try {
      return JSON.readTree(r.value());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
