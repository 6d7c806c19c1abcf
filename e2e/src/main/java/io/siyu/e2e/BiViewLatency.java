package io.siyu.e2e;

import io.siyu.generator.CodeBatches;
import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratorConfig;
import io.siyu.generator.KafkaEventWriter;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.bi.CodeState;
import io.siyu.jobs.bi.KeyStats;
import io.siyu.jobs.bi.StatAcc;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.schema.SchemaApplier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;

/**
 * The BI contract's latency over a large history: generates {@code --events} records (default 1
 * million; 5,000 customers per 100,000 events, 2% malformed) into a local Kafka broker, replays
 * them through the whole job (bounded, parallelism 2, every sink real) into a local ClickHouse,
 * then queries every {@code bi_*} view {@code --runs} times (default 5) and prints, per view, its
 * rows and the median and worst wall time of {@code SELECT *} over HTTP; then the size on disk of
 * the BI tables (bytes per row). Run: {@code bin/bi-latency [--events N] [--days D] [--runs R]}.
 */
public final class BiViewLatency {
  private static final String DB = "bi_latency";

  private BiViewLatency() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    long events = Long.parseLong(opts.getOrDefault("--events", "1000000"));
    double days = Double.parseDouble(opts.getOrDefault("--days", "400"));
    int runs = Integer.parseInt(opts.getOrDefault("--runs", "5"));
    int customers = (int) Math.max(2_000, events / 20);
    Path dir = Path.of(opts.getOrDefault("--dir", ".run/bi-latency")).toAbsolutePath();
    printStateSizes();
    Demo.deleteRecursively(dir);
    System.out.printf(
        "Machine: %d cores, %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
    try (LocalRun run = LocalRun.start(dir)) {
      GeneratorConfig config =
          GeneratorConfig.defaults()
              .withEvents(events)
              .withCustomers(customers)
              .withDays(days)
              // Kafka refuses record timestamps more than an hour ahead of its clock: the history
              // ends before today (400 days from here end in November 2026).
              .withStartTime(Instant.parse("2025-10-01T00:00:00Z").toEpochMilli())
              .withSeed(11);
      long t = System.nanoTime();
      EventGenerator generator = new EventGenerator(config, false);
      try (KafkaEventWriter writer = new KafkaEventWriter(run.kafka().bootstrapServers(), 0)) {
        while (generator.hasNext()) {
          writer.write(generator.next());
        }
        writer.flush();
      }
      Path batches = dir.resolve(CodeBatches.FILE);
      CodeBatches.write(config, batches);
      System.out.printf(
          "Generated %,d records (%,d customers, %.0f days) into Kafka in %.0f s%n",
          events, customers, days, (System.nanoTime() - t) / 1e9);

      JobConfig job =
          run.jobConfig(
              DB, "kafka.bounded=true", "checkpoints.interval=10s", "bi.code-batches=" + batches);
      SchemaApplier.apply(job.clickhouse());
      StreamExecutionEnvironment env = JobEnvironment.create(job);
      SiyuJob.attachProduction(env, job, run.phoneHasher());
      t = System.nanoTime();
      env.execute("siyu (bi latency replay)");
      double jobSeconds = (System.nanoTime() - t) / 1e9;
      System.out.printf(
          "The whole job (p=%d, every sink) replayed them in %.0f s: %,.0f records/s%n",
          job.parallelism(), jobSeconds, events / jobSeconds);
      run.clickhouse().query("OPTIMIZE TABLE " + DB + ".events FINAL"); // as a day's merges would
      System.out.printf("%n%-26s %10s %12s %12s%n", "view", "rows", "median ms", "max ms");
      for (String view : views(run)) {
        long rows = 0;
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
          long q = System.nanoTime();
          String out = run.clickhouse().query("SELECT * FROM " + DB + "." + view);
          ms[i] = (System.nanoTime() - q) / 1_000_000;
          rows = out.isEmpty() ? 0 : out.split("\n").length;
        }
        Arrays.sort(ms);
        System.out.printf("%-26s %,10d %12d %12d%n", view, rows, ms[runs / 2], ms[runs - 1]);
      }
      System.out.printf("%n%-20s %12s %14s %12s%n", "table", "rows", "bytes on disk", "bytes/row");
      for (String table :
          List.of(
              "events",
              "scan_stats",
              "sales_stats",
              "interaction_stats",
              "funnel_stats",
              "scan_alerts",
              "paid_orders",
              "customer_months",
              "customer_profile")) {
        String[] f =
            run.clickhouse()
                .query(
                    "SELECT sum(rows), sum(bytes_on_disk) FROM system.parts WHERE active AND database = '"
                        + DB
                        + "' AND table = '"
                        + table
                        + "'")
                .trim()
                .split("\t");
        long rows = Long.parseLong(f[0]);
        long bytes = Long.parseLong(f[1]);
        System.out.printf(
            "%-20s %,12d %,14d %12.1f%n",
            table, rows, bytes, rows == 0 ? 0.0 : (double) bytes / rows);
      }
    }
  }

  /** Serialized sizes of the BI state, as Flink writes it to RocksDB (values; keys come on top). */
  static void printStateSizes() throws Exception {
    CodeState genuine = new CodeState();
    genuine.lastScanAt = 1_767_225_600_000L;
    genuine.scanners = new String[] {"m:M0001234567"};
    CodeState copied = new CodeState();
    copied.lastScanAt = genuine.lastScanAt;
    copied.reported = true;
    copied.scanners =
        new String[] {"m:M0001234567", "u:U00012345678", "o:O000123456789", "m:M0007654321"};
    KeyStats key = new KeyStats();
    key.minutes = new HashMap<>();
    key.days = new HashMap<>();
    StatAcc window = new StatAcc();
    window.sums = new long[9];
    window.distinctCounts = new int[2];
    window.distinct = new HashSet<>(List.of("0|m:M0001234567", "1|XJ5A0000012345"));
    window.version = 1;
    key.minutes.put(genuine.lastScanAt, window);
    System.out.printf(
        "%nState per key (serialized value, as in RocksDB; the key is its text on top):%n"
            + "  a genuine code (one scanner)      %4d bytes%n"
            + "  a copied code (N+1 = 4 scanners)   %4d bytes%n"
            + "  a scan_stats window, one scan      %4d bytes (+ ~%d per further distinct id)%n",
        size(CodeState.class, genuine),
        size(CodeState.class, copied),
        size(KeyStats.class, key) - size(KeyStats.class, emptyStats()),
        "0|m:M0001234567".length() + 1);
  }

  private static KeyStats emptyStats() {
    KeyStats k = new KeyStats();
    k.minutes = new HashMap<>();
    k.days = new HashMap<>();
    return k;
  }

  private static <T> int size(Class<T> type, T value) throws Exception {
    return InstantiationUtil.serializeToByteArray(
            TypeInformation.of(type).createSerializer(new SerializerConfigImpl()), value)
        .length;
  }

  private static List<String> views(LocalRun run) {
    List<String> views = new ArrayList<>();
    for (String line :
        run.clickhouse()
            .query(
                "SELECT name FROM system.tables WHERE database = '"
                    + DB
                    + "' AND name LIKE 'bi\\\\_%' ORDER BY name")
            .split("\n")) {
      if (!line.isBlank()) {
        views.add(line.trim());
      }
    }
    return views;
  }
}
