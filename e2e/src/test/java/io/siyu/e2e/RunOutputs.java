package io.siyu.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The outputs of one job run, read back as text rows so that two runs can be compared row for row:
 * ClickHouse tables (with {@code FINAL} where the engine replaces rows, every column but those that
 * record wall-clock time) and Kafka topics read as a consumer with {@code read_committed} would
 * (each record as its key, a tab, its value). Rows keep the order they were read in (ClickHouse:
 * ordered by every compared column); comparisons treat them as multisets.
 */
final class RunOutputs {

  /**
   * Columns holding the wall-clock time a row was written, which no two runs share: the only
   * columns not compared. Every other column of every table is (read from the table's DDL at run
   * time, so a column added later is compared too).
   */
  static final Map<String, Set<String>> WALL_CLOCK_COLUMNS =
      Map.of("events", Set.of("ingested_at"), "dead_letters", Set.of("detected_at"));

  /** Rows of each output, by name: a table name, or {@code topic:<name>}. */
  private final Map<String, List<String>> rows = new LinkedHashMap<>();

  /** The column names of each table output, tab-separated, for messages. */
  private final Map<String, String> headers = new LinkedHashMap<>();

  List<String> rows(String output) {
    return rows.get(output);
  }

  Set<String> outputs() {
    return rows.keySet();
  }

  String header(String output) {
    return headers.getOrDefault(output, "key\tvalue");
  }

  /** Adds rows under a name of the caller's choosing (e.g. a projection of a table). */
  RunOutputs put(String output, String header, List<String> outputRows) {
    rows.put(output, outputRows);
    if (header != null) {
      headers.put(output, header);
    }
    return this;
  }

  /** Reads {@code db.table}: see the class comment. */
  RunOutputs table(LocalRun run, String db, String table) {
    return table(run, db, table, Set.of(), table);
  }

  /**
   * Reads {@code db.table} without the columns {@code leftOut} either (a projection, to tell what
   * else differs when a column such as a version counter differs everywhere), as {@code output}.
   */
  RunOutputs table(LocalRun run, String db, String table, Set<String> leftOut, String output) {
    Set<String> excluded =
        new java.util.HashSet<>(WALL_CLOCK_COLUMNS.getOrDefault(table, Set.of()));
    excluded.addAll(leftOut);
    List<String> columns = new ArrayList<>();
    Set<String> found = new java.util.HashSet<>();
    for (String line : lines(run.clickhouse().query("DESCRIBE TABLE " + db + "." + table))) {
      String name = line.split("\t")[0];
      found.add(name);
      if (!excluded.contains(name)) {
        columns.add(name);
      }
    }
    if (!found.containsAll(excluded)) {
      throw new IllegalStateException(
          table + " has no column among " + excluded + " (update the list)");
    }
    return columns(run, db, table, columns, output);
  }

  /**
   * Reads the {@code columns} of {@code db.table} — with {@code FINAL} if its engine replaces rows,
   * ordered by every column (but arrays, which ClickHouse 18.16 cannot sort by) — as {@code
   * output}.
   */
  RunOutputs columns(LocalRun run, String db, String table, List<String> columns, String output) {
    Map<String, String> types = new HashMap<>();
    for (String line : lines(run.clickhouse().query("DESCRIBE TABLE " + db + "." + table))) {
      types.put(line.split("\t")[0], line.split("\t")[1]);
    }
    List<String> sortable =
        columns.stream().filter(c -> !types.get(c).startsWith("Array")).toList();
    String engine =
        run.clickhouse()
            .query(
                "SELECT engine FROM system.tables WHERE database = '"
                    + db
                    + "' AND name = '"
                    + table
                    + "'")
            .trim();
    String sql =
        "SELECT "
            + String.join(", ", columns)
            + " FROM "
            + db
            + "."
            + table
            + (engine.startsWith("Replacing") ? " FINAL" : "")
            + " ORDER BY "
            + String.join(", ", sortable);
    return put(output, String.join("\t", columns), lines(run.clickhouse().query(sql)));
  }

  /**
   * Reads every record of {@code topic} that a {@code read_committed} consumer sees, up to the end
   * offsets at the call (the last stable offsets: what the finished job committed).
   */
  RunOutputs topic(String bootstrapServers, String topic) {
    return put("topic:" + topic, null, readCommitted(bootstrapServers, topic));
  }

  static List<String> readCommitted(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int emptyPolls = 0;
      // Until every partition is read to its end offset (or, should a transaction marker keep a
      // position just short of it, five empty polls in a row).
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && emptyPolls < 5) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to " + end);
        }
        var records = consumer.poll(Duration.ofMillis(500));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        for (ConsumerRecord<String, String> r : records) {
          out.add(r.key() + "\t" + r.value());
        }
      }
    }
    out.sort(null); // the multiset, in an order that lines up the rows of two runs
    return out;
  }

  /**
   * Records in a topic, committed or not (the sum of the end offsets read uncommitted, markers
   * included): to see whether a run is still writing.
   */
  static long endOffsetSum(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static List<String> lines(String tsv) {
    List<String> out = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        out.add(line);
      }
    }
    return out;
  }

  /** How one output of two runs differs: the rows only one side has (as multisets). */
  record Difference(String output, int rowsA, int rowsB, List<String> onlyA, List<String> onlyB) {
    boolean same() {
      return onlyA.isEmpty() && onlyB.isEmpty();
    }
  }

  /** Output by output (those of {@code a}; each must exist in {@code b}). */
  static List<Difference> compare(RunOutputs a, RunOutputs b) {
    List<Difference> out = new ArrayList<>();
    for (String output : a.outputs()) {
      List<String> ra = a.rows(output);
      List<String> rb = b.rows(output);
      if (rb == null) {
        throw new IllegalArgumentException("the second run has no output " + output);
      }
      out.add(new Difference(output, ra.size(), rb.size(), minus(ra, rb), minus(rb, ra)));
    }
    return out;
  }

  /** The rows of {@code x} left after removing one occurrence per row of {@code y}, in order. */
  private static List<String> minus(List<String> x, List<String> y) {
    Map<String, Integer> left = new HashMap<>();
    y.forEach(r -> left.merge(r, 1, Integer::sum));
    List<String> out = new ArrayList<>();
    for (String r : x) {
      Integer n = left.get(r);
      if (n == null || n == 0) {
        out.add(r);
      } else {
        left.put(r, n - 1);
      }
    }
    return out;
  }

  /** One line per output: rows in each run and rows only in one of them. */
  static String table(List<Difference> differences, String nameA, String nameB) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%-40s %9s %9s %9s %9s%n",
            "output", "rows " + nameA, "rows " + nameB, "only " + nameA, "only " + nameB));
    for (Difference d : differences) {
      s.append(
          String.format(
              "%-40s %9d %9d %9d %9d%s%n",
              d.output(),
              d.rowsA(),
              d.rowsB(),
              d.onlyA().size(),
              d.onlyB().size(),
              d.same() ? "" : "  DIFFERS"));
    }
    return s.toString();
  }

  /** For each output that differs: its columns and the first {@code limit} rows of each side. */
  static String examples(
      List<Difference> differences, RunOutputs a, String nameA, String nameB, int limit) {
    StringBuilder s = new StringBuilder();
    for (Difference d : differences) {
      if (d.same()) {
        continue;
      }
      s.append("\n== ")
          .append(d.output())
          .append(": ")
          .append(d.onlyA().size())
          .append(" rows only in ")
          .append(nameA)
          .append(", ")
          .append(d.onlyB().size())
          .append(" only in ")
          .append(nameB)
          .append("\n   columns: ")
          .append(a.header(d.output()))
          .append('\n');
      append(s, "only in " + nameA, d.onlyA(), limit);
      append(s, "only in " + nameB, d.onlyB(), limit);
    }
    return s.toString();
  }

  private static void append(StringBuilder s, String title, List<String> rows, int limit) {
    s.append("   ").append(title).append(":\n");
    for (String r : rows.subList(0, Math.min(limit, rows.size()))) {
      s.append("     ").append(r.length() > 700 ? r.substring(0, 700) + "…" : r).append('\n');
    }
    if (rows.size() > limit) {
      s.append("     … ").append(rows.size() - limit).append(" more\n");
    }
  }
}
