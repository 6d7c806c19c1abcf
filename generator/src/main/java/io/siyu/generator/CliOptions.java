package io.siyu.generator;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The command line of {@link GeneratorMain}, parsed. Accepts {@code --name value} and {@code
 * --name=value}.
 *
 * @param config what to generate
 * @param out "kafka" or a directory for JSON-lines files
 * @param bootstrapServers Kafka bootstrap servers (for {@code --out kafka})
 * @param groundTruth where to write ground-truth.json (null: the default for the output)
 * @param batches where to write the code batches CSV (null: the default for the output)
 * @param partitions partitions of topics created by the generator
 * @param replication replication factor of topics created by the generator
 * @param withEventIds whether the ground truth lists the valid event ids
 * @param help whether usage was asked for
 */
record CliOptions(
    GeneratorConfig config,
    String out,
    String bootstrapServers,
    Path groundTruth,
    Path batches,
    int partitions,
    short replication,
    boolean withEventIds,
    boolean help) {

  static final String USAGE =
      """
      usage: generator [options]
        --out kafka|DIR            write to Kafka topics or JSON-lines files in DIR (default kafka)
        --bootstrap-servers H:P    Kafka bootstrap servers (default localhost:9092)
        --customers N              customer population (default 10000)
        --events N                 records to produce, malformed and duplicates included (default 100000)
        --seed S                   random seed; same seed, same records (default 42)
        --days D                   simulated days the records span (default 30, fractions allowed)
        --start ISO_INSTANT        start of simulated time (default 2026-01-01T00:00:00Z)
        --malformed-share X        share of records the parser must reject (default 0.02)
        --out-of-order-share X     share of valid records with a late ts, <= 10 min (default 0.05)
        --duplicate-share X        share of records that re-send an earlier valid one (default 0.01)
        --rate N                   records per wall-clock second when writing, 0 = unthrottled (default 0)
        --ground-truth FILE        ground-truth JSON (default DIR/ground-truth.json or ./ground-truth.json)
        --batches FILE             code batches CSV, dimension data of the scans (default DIR/code-batches.csv or ./code-batches.csv)
        --with-event-ids           list every valid event id, diverted scan and copied code in the ground truth
        --topic-scan T --topic-purchase T --topic-interaction T   topic names (default scan, purchase, interaction)
        --partitions N             partitions of topics the generator creates (default 3)
        --replication-factor N     replication factor of topics the generator creates (default 1)
        --help
      """;

  static CliOptions parse(String[] args) {
    GeneratorConfig c = GeneratorConfig.defaults();
    String out = "kafka";
    String bootstrap = "localhost:9092";
    Path groundTruth = null;
    Path batches = null;
    int partitions = 3;
    short replication = 1;
    boolean withIds = false;
    boolean help = false;
    String scan = c.scanTopic();
    String purchase = c.purchaseTopic();
    String interaction = c.interactionTopic();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (arg.equals("--with-event-ids")) {
        withIds = true;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        value = args[++i];
      }
      try {
        switch (arg) {
          case "--customers" -> c = c.withCustomers(Integer.parseInt(value));
          case "--events" -> c = c.withEvents(Long.parseLong(value));
          case "--seed" -> c = c.withSeed(Long.parseLong(value));
          case "--days" -> c = c.withDays(Double.parseDouble(value));
          case "--start" -> c = c.withStartTime(Instant.parse(value).toEpochMilli());
          case "--malformed-share" -> c = c.withMalformedShare(Double.parseDouble(value));
          case "--out-of-order-share" -> c = c.withOutOfOrderShare(Double.parseDouble(value));
          case "--duplicate-share" -> c = c.withDuplicateShare(Double.parseDouble(value));
          case "--rate" -> c = c.withRatePerSecond(Double.parseDouble(value));
          case "--out" -> out = value;
          case "--bootstrap-servers" -> bootstrap = value;
          case "--ground-truth" -> groundTruth = Path.of(value);
          case "--batches" -> batches = Path.of(value);
          case "--topic-scan" -> scan = value;
          case "--topic-purchase" -> purchase = value;
          case "--topic-interaction" -> interaction = value;
          case "--partitions" -> partitions = Integer.parseInt(value);
          case "--replication-factor" -> replication = Short.parseShort(value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new IllegalArgumentException("bad value for " + arg + ": " + value);
      }
    }
    c = c.withTopics(scan, purchase, interaction);
    if (partitions < 1 || replication < 1) {
      throw new IllegalArgumentException("--partitions and --replication-factor must be >= 1");
    }
    if (out.isBlank()) {
      throw new IllegalArgumentException("--out must be kafka or a directory");
    }
    return new CliOptions(
        c, out, bootstrap, groundTruth, batches, partitions, replication, withIds, help);
  }

  boolean toKafka() {
    return out.equals("kafka");
  }

  Path groundTruthFile() {
    if (groundTruth != null) {
      return groundTruth;
    }
    return toKafka()
        ? Path.of(FileEventWriter.GROUND_TRUTH_FILE)
        : Path.of(out).resolve(FileEventWriter.GROUND_TRUTH_FILE);
  }

  Path batchesFile() {
    if (batches != null) {
      return batches;
    }
    return toKafka() ? Path.of(CodeBatches.FILE) : Path.of(out).resolve(CodeBatches.FILE);
  }
}
