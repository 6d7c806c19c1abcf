package io.siyu.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code batches file: one row per batch of the catalog, deterministic, shipped before the run.
 */
class CodeBatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeneratorConfig CONFIG =
      GeneratorConfig.defaults().withCustomers(500).withEvents(4_000).withSeed(11);

  @TempDir Path dir;

  @Test
  void roundTripsOneRowPerBatch() throws IOException {
    EventGenerator g = new EventGenerator(CONFIG);
    g.forEachRemaining(r -> {});
    GroundTruth truth = g.groundTruth();
    Path file = dir.resolve("batches.csv");
    truth.writeBatches(file);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals("batch_id,sku,campaign_id,shipped_region,codes_issued,shipped_at", lines.get(0));
    Catalog catalog = new Catalog(CONFIG);
    assertEquals(catalog.batches.length + 1, lines.size());

    List<GroundTruth.BatchInfo> read = CodeBatches.read(file);
    assertEquals(truth.batches(), read);
    assertEquals(CodeBatches.of(CONFIG), read);
    Set<String> ids = new HashSet<>();
    Instant start = Instant.ofEpochMilli(CONFIG.startTime());
    for (GroundTruth.BatchInfo b : read) {
      assertTrue(ids.add(b.batchId()), "batch id twice: " + b.batchId());
      assertTrue(b.codesIssued() > 0, b.toString());
      assertTrue(b.shippedAt().isBefore(start), b.toString());
      assertTrue(b.shippedAt().isAfter(start.minusSeconds(100L * 86_400)), b.toString());
    }
    // The counterfeit codes come from ordinary batches of the file.
    for (Catalog.Batch b : catalog.fakeCodeBatches) {
      assertTrue(ids.contains(b.id), b.id);
    }
    // Every valid scan's batch is in the file with the scan's sku, campaign and issued region.
    Map<String, GroundTruth.BatchInfo> byId = new HashMap<>();
    read.forEach(x -> byId.put(x.batchId(), x));
    long scans = 0;
    for (GeneratedRecord r : EventGenerator.generateAll(CONFIG)) {
      if (r.valid() && r.stream().equals(Streams.SCAN)) {
        JsonNode n = JSON.readTree(r.value());
        GroundTruth.BatchInfo b = byId.get(n.path("batch_id").asText());
        assertNotNull(b, r.toString());
        assertEquals(b.sku(), n.path("sku").asText());
        assertEquals(b.campaignId(), n.path("campaign_id").asText());
        assertEquals(b.issuedRegion(), n.path("issued_region").asText());
        scans++;
      }
    }
    assertTrue(scans > 100, "scans " + scans);
    // The ground truth's JSON carries shipped_at too.
    assertEquals(truth.batches(), GroundTruth.fromJson(truth.toJson()).batches());
  }

  @Test
  void sameConfigSameFile() throws IOException {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    CodeBatches.write(CONFIG, a);
    EventGenerator g = new EventGenerator(CONFIG);
    g.groundTruth().writeBatches(b);
    assertEquals(Files.readString(a), Files.readString(b));
    assertNotEquals(
        CodeBatches.toCsv(CodeBatches.of(CONFIG)),
        CodeBatches.toCsv(CodeBatches.of(CONFIG.withSeed(12))),
        "shipment dates depend on the seed");
  }

  @Test
  void rejectsAnotherHeader() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "batch_id,sku\nB,S\n");
    assertThrows(IOException.class, () -> CodeBatches.read(file));
  }

  @Test
  void theCommandLineWritesTheFile() throws IOException {
    Path batches = dir.resolve("dims/batches.csv");
    int code =
        GeneratorMain.run(
            new String[] {
              "--out",
              dir.resolve("out").toString(),
              "--events",
              "500",
              "--customers",
              "100",
              "--seed",
              "11",
              "--batches",
              batches.toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            System.err);
    assertEquals(0, code);
    assertEquals(
        CodeBatches.toCsv(CodeBatches.of(CONFIG.withEvents(500).withCustomers(100))),
        Files.readString(batches));
    // Without --batches it goes next to the records.
    assertEquals(
        dir.resolve("out").resolve(CodeBatches.FILE),
        CliOptions.parse(new String[] {"--out", dir.resolve("out").toString()}).batchesFile());
  }
}
