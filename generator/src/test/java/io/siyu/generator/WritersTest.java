package io.siyu.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file and Kafka writers deliver every record as generated, then the ground truth. */
class WritersTest {
  private static final GeneratorConfig CONFIG =
      GeneratorConfig.defaults().withCustomers(500).withEvents(5_000).withSeed(3);

  @TempDir Path dir;

  @Test
  void fileWriterWritesOneLinePerRecordAndTheGroundTruth() throws IOException {
    List<GeneratedRecord> expected = EventGenerator.generateAll(CONFIG);
    EventGenerator g = new EventGenerator(CONFIG);
    EventWriter.Summary summary;
    try (FileEventWriter w = new FileEventWriter(dir)) {
      summary = w.writeAll(g, (PrintStream) null);
    }
    assertEquals(CONFIG.events(), summary.records());
    GroundTruth truth = GroundTruth.read(dir.resolve(FileEventWriter.GROUND_TRUTH_FILE));
    assertEquals(g.groundTruth().toJson(), truth.toJson());
    for (String stream : Streams.ALL) {
      List<byte[]> lines = lines(FileEventWriter.dataFile(dir, stream));
      List<String> meta = Files.readAllLines(FileEventWriter.metaFile(dir, stream));
      assertEquals(truth.records(stream), lines.size(), stream);
      assertEquals(lines.size(), meta.size(), stream);
      List<GeneratedRecord> ofStream =
          expected.stream().filter(r -> r.stream().equals(stream)).toList();
      for (int i = 0; i < lines.size(); i++) {
        GeneratedRecord r = ofStream.get(i);
        assertArrayEquals(r.value(), lines.get(i));
        String[] cols = meta.get(i).split("\t", -1);
        assertEquals(5, cols.length);
        assertEquals(Long.toString(r.kafkaTimestamp()), cols[0]);
        assertEquals(r.key() == null ? "" : r.key(), cols[1]);
        assertEquals(r.eventId() == null ? "" : r.eventId(), cols[2]);
        assertEquals(r.expectedReason() == null ? "" : r.expectedReason(), cols[3]);
        assertEquals(r.duplicate() ? "1" : "0", cols[4]);
      }
    }
  }

  /** Splits on '\n' bytes only, as a JSON-lines reader does. */
  private static List<byte[]> lines(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    List<byte[]> lines = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(all, start, i));
        start = i + 1;
      }
    }
    assertEquals(all.length, start, "the file ends with a newline");
    return lines;
  }

  @Test
  void kafkaWriterSendsWithKeyTimestampAndTopic() throws IOException {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    GeneratorConfig config = CONFIG.withTopics("t-scan", "t-purchase", "t-interaction");
    List<GeneratedRecord> expected = EventGenerator.generateAll(config);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (KafkaEventWriter w = new KafkaEventWriter(producer, 0, "mock")) {
      w.writeAll(
          new EventGenerator(config),
          dir.resolve("gt.json"),
          new PrintStream(progress, true, StandardCharsets.UTF_8));
      assertEquals(expected.size(), w.acked());
    }
    List<ProducerRecord<String, byte[]>> sent = producer.history();
    assertEquals(expected.size(), sent.size());
    for (int i = 0; i < sent.size(); i++) {
      ProducerRecord<String, byte[]> p = sent.get(i);
      GeneratedRecord r = expected.get(i);
      assertEquals(r.topic(), p.topic());
      assertTrue(p.topic().startsWith("t-"));
      assertEquals(r.key(), p.key());
      assertEquals(r.kafkaTimestamp(), p.timestamp());
      assertNull(p.partition(), "the partitioner hashes the key");
      assertArrayEquals(r.value(), p.value());
    }
    assertTrue(Files.exists(dir.resolve("gt.json")));
  }

  @Test
  void kafkaWriterFailsWhenASendFails() throws IOException {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    try (KafkaEventWriter w = new KafkaEventWriter(producer, 0, "mock")) {
      EventGenerator g = new EventGenerator(CONFIG.withEvents(3));
      w.write(g.next());
      producer.errorNext(new RuntimeException("broker down"));
      assertThrows(IOException.class, () -> w.write(g.next()));
    }
  }

  @Test
  void kafkaWriterHonoursTheRate() throws IOException {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    long start = System.nanoTime();
    try (KafkaEventWriter w = new KafkaEventWriter(producer, 200, "mock")) {
      EventGenerator g = new EventGenerator(CONFIG.withEvents(41));
      while (g.hasNext()) {
        w.write(g.next());
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.19, "41 records at 200/s take at least 0.2 s, took " + seconds);
  }
}
