package io.siyu.benchmark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.benchmark.PipelineRun.Stages;
import io.siyu.generator.GeneratedRecord;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.ingest.IngestDeserializer;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.sources.KafkaSources;
import io.siyu.udf.PhoneHasher;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Events per second, and per CPU-second, of the job from bare JSON parsing up to the whole job, all
 * in one run on one machine so that the figures compare:
 *
 * <ol>
 *   <li>{@code jackson-tree}: {@code ObjectMapper.readTree} of each record (what most code does):
 *       the "bare parsing" every figure is also given against;
 *   <li>{@code jackson-tokens}: Jackson's streaming parser reading every token, building nothing;
 *   <li>{@code siyu-parse}: this project's parse + validate + dead-letter decision per record;
 *   <li>{@code naive-baseline}: parse, identity, histories, profile, journeys and cap in one thread
 *       over HashMaps, no Flink ({@link NaiveBaseline}): the cost of the logic itself;
 *   <li>{@code siyu-pipeline}: the ingestion pipeline on a local Flink mini cluster at parallelism
 *       1: source, parse, watermarks, routing, a discarding sink;
 *   <li>{@code siyu+identity}, {@code siyu+profile}, {@code siyu+profile+bi}: the job up to that
 *       stage (RocksDB, checkpoints as configured), outputs discarded;
 *   <li>{@code whole-job}, {@code -heap}, {@code -p2}, {@code -p2-heap}: the whole job as {@code
 *       SiyuJob} wires it — identity, profile, every journey, frequency cap, BI — at parallelism 1
 *       and 2, on RocksDB and on the heap, with checkpoints every 10 s ({@code conf/local.yaml});
 *       sinks discard.
 * </ol>
 *
 * <p>Each stateful variant also reports Flink's checkpoint statistics: the largest full state size
 * (and per configured customer) and the longest checkpoint. Records come from memory, so no figure
 * includes Kafka or ClickHouse: {@code bin/benchmark-e2e} measures those.
 *
 * <p>Run with {@code bin/benchmark [--events N] [--customers N] [--rounds R] [--only V,...]}.
 */
public final class IngestBenchmark {

  public static void main(String[] args) throws Exception {
    int events = intArg(args, "--events", 500_000);
    int rounds = intArg(args, "--rounds", 2);
    int customers = intArg(args, "--customers", BenchmarkData.DEFAULT_CUSTOMERS);
    List<GeneratedRecord> records = BenchmarkData.records(events, customers);
    JobConfig config = BenchmarkData.config();
    // The same settings with the deserialized-state cache off (one entry), for comparison.
    JobConfig noCache = BenchmarkData.config("profile.state-cache-entries=1");
    JobConfig serialIdentity = BenchmarkData.config("profile.identity.parallel=false");
    PhoneHasher hasher = BenchmarkData.hasher();
    IngestDeserializer deserializer = KafkaSources.deserializer(config, hasher);

    long bytes = records.stream().mapToLong(r -> r.value().length).sum();
    System.out.printf(
        "machine: %d cores (%s), %s %s, JVM %s; %,d records for %,d customers, %.1f MB, %.0f B/record%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.vm.version"),
        records.size(),
        customers,
        bytes / 1e6,
        bytes / (double) records.size());

    ObjectMapper mapper = new ObjectMapper();
    JsonFactory tokens = new JsonFactory();
    Variant tree =
        new Variant(
            "jackson-tree",
            () -> {
              long sink = 0;
              for (GeneratedRecord r : records) {
                try {
                  sink += mapper.readTree(r.value()).size();
                } catch (Exception e) {
                  sink++;
                }
              }
              return Outcome.of(sink);
            });
    Variant tokenOnly =
        new Variant(
            "jackson-tokens",
            () -> {
              long sink = 0;
              for (GeneratedRecord r : records) {
                try (JsonParser p = tokens.createParser(r.value())) {
                  while (p.nextToken() != null) {
                    sink++;
                  }
                } catch (Exception e) {
                  sink++;
                }
              }
              return Outcome.of(sink);
            });
    Variant parse =
        new Variant(
            "siyu-parse",
            () -> {
              long sink = 0;
              long offset = 0;
              for (GeneratedRecord r : records) {
                Ingested in =
                    deserializer.ingest(r.topic(), 0, offset++, r.kafkaTimestamp(), r.value());
                sink += in.isValid() ? 1 : 2;
              }
              return Outcome.of(sink);
            });
    Variant pipeline =
        new Variant(
            "siyu-pipeline",
            () -> PipelineRun.run(config, hasher, records, 5, Stages.INGEST, null));
    // Stateful variants see each record once: a second pass would be dropped as re-sends.
    Variant withIdentity =
        new Variant(
            "siyu+identity",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.IDENTITY, "rocksdb"));
    Variant withIdentityP2 =
        new Variant(
            "siyu+identity-p2",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.IDENTITY, "rocksdb", 2));
    Variant withProfile =
        new Variant(
            "siyu+profile",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.PROFILE, "rocksdb"));
    Variant withBi =
        new Variant(
            "siyu+profile+bi",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.PROFILE_BI, "rocksdb"));
    Variant whole =
        new Variant(
            "whole-job", () -> PipelineRun.run(config, hasher, records, 1, Stages.ALL, "rocksdb"));
    Variant wholeSerialIdentity =
        new Variant(
            "whole-job-serial-id",
            () -> PipelineRun.run(serialIdentity, hasher, records, 1, Stages.ALL, "rocksdb"));
    Variant wholeP2SerialIdentity =
        new Variant(
            "whole-job-p2-serial-id",
            () -> PipelineRun.run(serialIdentity, hasher, records, 1, Stages.ALL, "rocksdb", 2));
    Variant withIdentitySerial =
        new Variant(
            "siyu+identity-serial",
            () -> PipelineRun.run(serialIdentity, hasher, records, 1, Stages.IDENTITY, "rocksdb"));
    Variant wholeHeap =
        new Variant(
            "whole-job-heap",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.ALL, "hashmap"));
    Variant wholeP2 =
        new Variant(
            "whole-job-p2",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.ALL, "rocksdb", 2));
    Variant wholeP2Heap =
        new Variant(
            "whole-job-p2-heap",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.ALL, "hashmap", 2));
    Variant naive = new Variant("naive-baseline", () -> NaiveBaseline.run(config, hasher, records));
    Variant withProfileNoCache =
        new Variant(
            "siyu+profile-nocache",
            () -> PipelineRun.run(noCache, hasher, records, 1, Stages.PROFILE, "rocksdb"));
    Variant withProfileOnHeap =
        new Variant(
            "siyu+profile-heap",
            () -> PipelineRun.run(config, hasher, records, 1, Stages.PROFILE, "hashmap"));

    List<Variant> all =
        List.of(
            tree,
            tokenOnly,
            parse,
            naive,
            pipeline,
            withIdentity,
            withIdentityP2,
            withIdentitySerial,
            withProfile,
            withBi,
            whole,
            wholeHeap,
            wholeP2,
            wholeP2Heap,
            wholeSerialIdentity,
            wholeP2SerialIdentity,
            withProfileNoCache,
            withProfileOnHeap);
    String only = stringArg(args, "--only", "");
    // By default every variant but the two kept for comparing the profile's cache and backend.
    List<String> wanted =
        only.isEmpty()
            ? all.stream()
                .map(v -> v.name)
                .filter(
                    n -> !n.equals(withProfileNoCache.name) && !n.equals(withProfileOnHeap.name))
                .toList()
            : List.of(only.split(","));
    List<Variant> run = all.stream().filter(v -> wanted.contains(v.name)).toList();
    for (Variant v : run) {
      // Stateful variants see each record once per round (a second pass would be re-sends).
      v.measure(rounds, records.size());
    }

    System.out.println();
    System.out.printf(
        "%-18s %12s %12s %9s %6s %10s %10s %9s %8s%n",
        "variant",
        "events/s",
        "ev/CPU-s",
        "vs parse",
        "ckpts",
        "state MB",
        "B/customer",
        "ckpt ms",
        "to graph");
    for (Variant v : run) {
      CheckpointMetrics.Figures f = v.checkpoints;
      boolean stateful = f != null && f.checkpoints() > 0;
      System.out.printf(
          "%-18s %,12.0f %,12.0f %8.3fx %6s %10s %10s %9s %8s%n",
          v.name,
          v.best(),
          v.bestPerCore(),
          tree.bestPerCore() > 0 ? v.bestPerCore() / tree.bestPerCore() : Double.NaN,
          stateful ? Long.toString(f.checkpoints()) : "-",
          stateful ? String.format("%.1f", f.maxFullStateBytes() / 1e6) : "-",
          stateful ? String.format("%,d", f.maxFullStateBytes() / customers) : "-",
          stateful ? String.format("%,d", f.maxDurationMs()) : "-",
          f != null && !Double.isNaN(f.graphShare())
              ? String.format("%.1f%%", 100 * f.graphShare())
              : "-");
    }
    System.out.printf(
        "%n\"vs parse\": events per CPU-second against jackson-tree (ObjectMapper.readTree of each"
            + " record, one thread). State: the largest full checkpoint of the run (RocksDB:"
            + " incremental checkpoints' full size; heap: the snapshot), per configured customer."
            + " \"to graph\": the share of events the identity graph's single instance saw, whole or as a paid-order notice (the"
            + " rest went past it in parallel)."
            + "%n");
  }

  /** One variant: runs it several times and keeps the best rate (the least disturbed run). */
  private static final class Variant {
    private final String name;
    private final Body body;
    private double best;
    private double bestPerCore;
    private CheckpointMetrics.Figures checkpoints;

    Variant(String name, Body body) {
      this.name = name;
      this.body = body;
    }

    void measure(int rounds, int n) throws Exception {
      for (int i = 0; i < rounds; i++) {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Outcome out = body.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long events = out.events() > 0 ? out.events() : n;
        // A job's own running time excludes the mini cluster's start-up and shut-down.
        double seconds = out.seconds() > 0 ? out.seconds() : wall;
        double rate = events / seconds;
        if (rate > best) {
          checkpoints = CheckpointMetrics.figures();
        }
        best = Math.max(best, rate);
        bestPerCore = Math.max(bestPerCore, events / cpu);
        System.out.printf(
            "%-18s round %d: %,12.0f events/s  (%,d events, %.2f s measured, %.2f s wall,"
                + " %.2f s process CPU, check %d)%n",
            name, i + 1, rate, events, seconds, wall, cpu, out.check());
        CheckpointMetrics.reset(); // the next variant's figures are its own
      }
    }

    double best() {
      return best;
    }

    /** Events per second of process CPU time: what one core does, whatever the threads. */
    double bestPerCore() {
      return bestPerCore;
    }
  }

  @FunctionalInterface
  interface Body {
    Outcome run() throws Exception;
  }

  /**
   * What a round did: a checksum (so the JIT cannot drop the work), and for runs that time
   * themselves the events processed and the seconds taken (0: use the records and wall time).
   */
  record Outcome(long check, long events, double seconds) {
    static Outcome of(long check) {
      return new Outcome(check, 0, 0);
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String stringArg(String[] args, String name, String dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }
}
