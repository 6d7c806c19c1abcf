package io.siyu.e2e;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.generator.KafkaEventWriter;
import java.io.IOException;
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
 */
public final class GeneratedHistory {
  private final List<GeneratedRecord> records;
  private final Map<String, Set<String>> validEventIds = new TreeMap<>();
  private final Map<String, Long> malformedByReason = new TreeMap<>();
  private long malformed;

  public GeneratedHistory(Iterable<GeneratedRecord> generated) {
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
    return new GeneratedHistory(EventGenerator.generateAll(config));
  }

  public static GeneratedHistory generate(
      int customers, long events, long seed, double malformedShare) {
    return generate(customers, events, seed, malformedShare, "");
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
