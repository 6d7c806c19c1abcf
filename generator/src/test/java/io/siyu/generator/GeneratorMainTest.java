package io.siyu.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options map onto the config, files are written, bad usage exits 2. */
class GeneratorMainTest {
  @TempDir Path dir;

  @Test
  void parsesEveryOption() {
    CliOptions o =
        CliOptions.parse(
            new String[] {
              "--customers",
              "123",
              "--events=4567",
              "--seed",
              "-9",
              "--malformed-share",
              "0.1",
              "--out-of-order-share",
              "0.2",
              "--duplicate-share",
              "0.03",
              "--out",
              "kafka",
              "--bootstrap-servers",
              "broker:29092",
              "--rate",
              "250",
              "--days",
              "0.5",
              "--start",
              "2026-03-01T00:00:00Z",
              "--ground-truth",
              "/tmp/gt.json",
              "--topic-scan",
              "s",
              "--topic-purchase",
              "p",
              "--topic-interaction",
              "i",
              "--partitions",
              "6",
              "--replication-factor",
              "2",
              "--with-event-ids"
            });
    GeneratorConfig c = o.config();
    assertEquals(123, c.customers());
    assertEquals(4567, c.events());
    assertEquals(-9, c.seed());
    assertEquals(0.1, c.malformedShare());
    assertEquals(0.2, c.outOfOrderShare());
    assertEquals(0.03, c.duplicateShare());
    assertEquals(250, c.ratePerSecond());
    assertEquals(Duration.ofHours(12), c.span());
    assertEquals(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli(), c.startTime());
    assertEquals("s", c.scanTopic());
    assertEquals("p", c.purchaseTopic());
    assertEquals("i", c.interactionTopic());
    assertTrue(o.toKafka());
    assertEquals("broker:29092", o.bootstrapServers());
    assertEquals(Path.of("/tmp/gt.json"), o.groundTruthFile());
    assertEquals(6, o.partitions());
    assertEquals(2, o.replication());
    assertTrue(o.withEventIds());
  }

  @Test
  void defaultsMatchTheContract() {
    CliOptions o = CliOptions.parse(new String[0]);
    assertEquals(GeneratorConfig.defaults(), o.config());
    assertEquals("scan", o.config().scanTopic());
    assertEquals(Duration.ofDays(30), o.config().span());
    assertEquals(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), o.config().startTime());
    assertEquals("localhost:9092", o.bootstrapServers());
    assertEquals(3, o.partitions());
  }

  @Test
  void rejectsBadUsage() {
    assertThrows(IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--nope"}));
    assertThrows(
        IllegalArgumentException.class, () -> CliOptions.parse(new String[] {"--events", "x"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> CliOptions.parse(new String[] {"--malformed-share", "2"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> CliOptions.parse(new String[] {"--start", "2014-01-01T00:00:00Z"}));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        GeneratorMain.run(
            new String[] {"--customers"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
  }

  @Test
  void writesFilesAndPrintsASummary() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        GeneratorMain.run(
            new String[] {
              "--out",
              dir.toString(),
              "--events",
              "3000",
              "--customers",
              "300",
              "--seed",
              "5",
              "--with-event-ids"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertEquals(0, code);
    String summary = out.toString(StandardCharsets.UTF_8);
    assertTrue(summary.startsWith("generated 3000 records"), summary);
    GroundTruth t = GroundTruth.read(dir.resolve("ground-truth.json"));
    assertEquals(3000, t.totalRecords());
    assertTrue(t.tracksEventIds());
    assertEquals(t.validEvents(Streams.SCAN), t.validEventIds(Streams.SCAN).size());
    assertEquals(
        t.records(Streams.PURCHASE), Files.readAllLines(dir.resolve("purchase.jsonl")).size());
  }
}
