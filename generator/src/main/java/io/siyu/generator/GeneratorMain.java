package io.siyu.generator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Command line entry point: writes the code batches file (dimension data, known before any event),
 * generates a run and writes it to Kafka (creating the topics if they are missing) or to JSON-lines
 * files, then writes the ground truth and prints a summary line. Run {@code --help} for the
 * options.
 */
public final class GeneratorMain {
  private GeneratorMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the generator; returns the process exit code (0 ok, 1 failure, 2 bad usage). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CliOptions options;
    try {
      options = CliOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("generator: " + e.getMessage());
      err.print(CliOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.print(CliOptions.USAGE);
      return 0;
    }
    GeneratorConfig config = options.config();
    EventGenerator generator = new EventGenerator(config, options.withEventIds());
    Path groundTruth = options.groundTruthFile();
    Path batches = options.batchesFile();
    try (EventWriter writer = open(options, out)) {
      generator.groundTruth().writeBatches(batches);
      EventWriter.Summary s = writer.writeAll(generator, groundTruth, out);
      out.println(summary(generator.groundTruth(), s, writer.describe()) + "; batches " + batches);
      return 0;
    } catch (Exception e) {
      err.println("generator: failed: " + e);
      return 1;
    }
  }

  private static EventWriter open(CliOptions options, PrintStream out) throws Exception {
    GeneratorConfig c = options.config();
    if (!options.toKafka()) {
      return new FileEventWriter(Path.of(options.out()));
    }
    List<String> created =
        KafkaTopics.ensure(
            options.bootstrapServers(),
            List.of(c.scanTopic(), c.purchaseTopic(), c.interactionTopic()),
            options.partitions(),
            options.replication());
    if (!created.isEmpty()) {
      out.println("[generator] created topics " + created);
    }
    return new KafkaEventWriter(options.bootstrapServers(), c.ratePerSecond());
  }

  static String summary(GroundTruth t, EventWriter.Summary s, String target) {
    StringJoiner reasons = new StringJoiner(", ");
    for (Map.Entry<String, Long> e : t.malformedByReason().entrySet()) {
      if (e.getValue() > 0) {
        reasons.add(e.getKey() + "=" + e.getValue());
      }
    }
    return String.format(
        Locale.ROOT,
        "generated %d records in %.2f s (%.0f rec/s, %.1f MB): valid scan=%d purchase=%d"
            + " interaction=%d, duplicates=%d, malformed=%d (%s), late=%d -> %s; ground truth %s",
        s.records(),
        s.seconds(),
        s.recordsPerSecond(),
        s.bytes() / 1e6,
        t.validEvents(Streams.SCAN),
        t.validEvents(Streams.PURCHASE),
        t.validEvents(Streams.INTERACTION),
        t.duplicates(),
        t.malformed(),
        reasons,
        t.outOfOrder(),
        target,
        s.groundTruthFile());
  }
}
