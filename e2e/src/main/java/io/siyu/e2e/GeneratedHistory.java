package io.siyu.e2e;

import io.siyu.generator.CodeBatches;
import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.generator.GroundTruth;
import io.siyu.generator.KafkaEventWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generated records and what the pipeline must make of them, counted here from the records
 * themselves: the distinct valid events per stream (re-sent duplicates count once) and the
 * malformed records per expected reason.
 *
 * <p>A history generated from a {@link GeneratorConfig} (not just handed its records) also keeps
 * the generator's {@link GroundTruth}, with event ids tracked (the diverted scans and the copied
 * codes included), and has the code batches file, the dimension data of its scans: see {@link
 * #batchesFile()}.
 */
public final class GeneratedHistory {
  private final GeneratorConfig config;
  private final GroundTruth truth;
  private final List<GeneratedRecord> records;
  private final Map<String, Set<String>> validEventIds = new TreeMap<>();
  private final Map<String, Long> malformedByReason = new TreeMap<>();
  private long malformed;
  private Path batchesFile;

  /** The records of a run made elsewhere; without its config there is no batches file. */
  public GeneratedHistory(Iterable<GeneratedRecord> generated) {
    this(null, null, generated);
  }

  /** Generates a whole run of this config into memory, tracking event ids in its ground truth. */
  public GeneratedHistory(GeneratorConfig config) {
    this(config, new EventGenerator(config, true));
  }

  private GeneratedHistory(GeneratorConfig config, EventGenerator generator) {
    this(config, generator.groundTruth(), () -> generator);
  }

  private GeneratedHistory(
      GeneratorConfig config, GroundTruth truth, Iterable<GeneratedRecord> generated) {
    this.config = config;
    this.truth = truth;
    this.records = new ArrayList<>();
    for (GeneratedRecord r : generated) {
      records.add(r);
      if (r.valid()) {
        validEventIds.computeIfAbsent(r.stream(), s -> new HashSet<>()).add(r.eventId());
      } else {
        malformed++;
        malformedByReason.merge(r.expectedReason(), 1L, Long::sum);
      }
    }
  }

  /** A deterministic history from the event generator, on topics {@code <prefix>scan} etc. */
  public static GeneratedHistory generate(
      int customers, long events, long seed, double malformedShare, String topicPrefix) {
    GeneratorConfig config =
        GeneratorConfig.defaults()
            .withCustomers(customers)
            .withEvents(events)
            .withSeed(seed)
            .withMalformedShare(malformedShare)
            .withTopics(
                topicPrefix + "scan", topicPrefix + "purchase", topicPrefix + "interaction");
    return new GeneratedHistory(config);
  }

  public static GeneratedHistory generate(
      int customers, long events, long seed, double malformedShare) {
    return generate(customers, events, seed, malformedShare, "");
  }

  /**
   * The generator's ground truth of this history (event ids tracked: {@link
   * GroundTruth#divertedScanEventIds()}, {@link GroundTruth#copiedCodes()}, ...).
   *
   * @throws IllegalStateException for a history made from records only
   */
  public GroundTruth groundTruth() {
    if (truth == null) {
      throw new IllegalStateException(
          "a history made from records only has no ground truth; use GeneratedHistory(config)");
    }
    return truth;
  }

  /**
   * Writes the code batches file ({@link CodeBatches#FILE}, see {@link CodeBatches}) into {@code
   * dir}, next to the caller's other outputs; {@link #batchesFile()} returns it from then on.
   *
   * @throws IllegalStateException for a history made from records only
   */
  public synchronized Path writeBatches(Path dir) throws IOException {
    Path file = dir.resolve(CodeBatches.FILE);
    groundTruth().writeBatches(file);
    batchesFile = file;
    return file;
  }

  /**
   * The code batches file of this history: the one {@link #writeBatches(Path)} wrote, or else one
   * written now into a fresh temporary directory (deleted when the JVM exits).
   *
   * @throws IllegalStateException for a history made from records only
   */
  public synchronized Path batchesFile() {
    if (batchesFile == null) {
      groundTruth();
      try {
        Path dir = Files.createTempDirectory("siyu-history-");
        dir.toFile().deleteOnExit();
        writeBatches(dir).toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the code batches file", e);
      }
    }
    return batchesFile;
  }

  /** The config the history was generated from (null for a history made from records only). */
  public GeneratorConfig config() {
    return config;
  }

  public List<GeneratedRecord> records() {
    return records;
  }

  public long validDistinct(String stream) {
    return validEventIds.getOrDefault(stream, Set.of()).size();
  }

  public long validDistinct() {
    return validEventIds.values().stream().mapToLong(Set::size).sum();
  }

  public Map<String, Long> malformedByReason() {
    return malformedByReason;
  }

  public long malformed() {
    return malformed;
  }

  /**
   * Writes records [from, to) to Kafka with their keys and timestamps, through the generator's own
   * writer, and waits until every one is acknowledged.
   */
  public void produce(String bootstrapServers, int from, int to) throws IOException {
    try (KafkaEventWriter writer = new KafkaEventWriter(bootstrapServers, 0)) {
      for (GeneratedRecord r : records.subList(from, to)) {
        writer.write(r);
      }
      writer.flush();
    }
  }

  public void produceAll(String bootstrapServers) throws IOException {
    produce(bootstrapServers, 0, records.size());
  }
}
