package io.siyu.e2e;

import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.localstack.LocalClickHouse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bin/benchmark-e2e}: the whole job's throughput end to end, with a real Kafka broker and a
 * real ClickHouse server — records/s from the first record produced to the last row readable.
 *
 * <p>Starts Kafka (in this JVM) and ClickHouse (a child process) under {@code --dir}, generates the
 * history (before timing: generation is not the job's cost), applies the schema and starts the
 * production job ({@link SiyuJob#attachProduction}, every sink real) on a local mini cluster in
 * <b>unbounded</b> (live) mode, reading each topic from the earliest offset, and waits until it
 * runs (its first checkpoint completed). Then t0 = just before the first record is produced; every
 * record is produced; ClickHouse is polled every {@value #POLL_MS} ms until {@code events} holds
 * every distinct valid event and {@code dead_letters} every malformed record (read with {@code
 * FINAL}, as {@link Summary} counts them): t1. Reported: records, t1 − t0, records/s, when
 * production finished, the CPU seconds of this JVM (Flink, the Kafka broker, the producer, the
 * poller) and of the ClickHouse server between t0 and t1, records per CPU-second, the machine.
 *
 * <p><b>What it does not measure.</b> The measure is ingestion-to-readable for every record. A live
 * job holds everything after identity resolution behind the event-time watermark: the customer
 * profile, the journeys and the BI aggregates apply an event only once the watermark (the slowest
 * partition's newest event time minus {@code watermarks.max-out-of-orderness}) has passed it. When
 * production stops, the watermark stops too, so the newest events stay buffered until more input
 * comes, and the outputs that depend on them (profiles of customers first seen at the very end,
 * journey triggers and time-outs, the last BI windows) do not all complete. So t1 waits for {@code
 * events} and {@code dead_letters} only; the journey triggers and customer profiles in ClickHouse
 * at t1 are printed for information. After t1 (not timed) they are watched until they stop changing
 * (nothing new for two checkpoint intervals + 5 s; profiles are committed at checkpoints), at most
 * {@code --settle} seconds, and the CPU the job used meanwhile is printed: the work behind the
 * watermark that t0..t1 does not cover. {@code bin/demo} (a bounded replay) is the run that
 * completes every output.
 *
 * <p>Options: {@code --customers N} (50,000) {@code --events N} (1,000,000) {@code --seed S} (42)
 * {@code --malformed-share X} (0.02) {@code --parallelism P} (2) {@code --checkpoint-interval D}
 * (10s) {@code --dir D} (.run/bench-e2e) {@code --settle S} (300; 0: do not watch) {@code --timeout
 * S} (3600: give up waiting for the rows after this many seconds from t0).
 */
public final class EndToEndBenchmark {
  private static final String DATABASE = "bench_e2e";
  static final long POLL_MS = 250;

  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    int customers = Integer.parseInt(opts.getOrDefault("--customers", "50000"));
    long events = Long.parseLong(opts.getOrDefault("--events", "1000000"));
    long seed = Long.parseLong(opts.getOrDefault("--seed", "42"));
    double malformedShare = Double.parseDouble(opts.getOrDefault("--malformed-share", "0.02"));
    int parallelism = Integer.parseInt(opts.getOrDefault("--parallelism", "2"));
    String checkpointInterval = opts.getOrDefault("--checkpoint-interval", "10s");
    Path dir = Path.of(opts.getOrDefault("--dir", ".run/bench-e2e")).toAbsolutePath();
    long timeoutSeconds = Long.parseLong(opts.getOrDefault("--timeout", "3600"));
    Demo.deleteRecursively(dir);

    Machine machine = Machine.describe();
    say("Machine: %s", machine.description());
    boolean ok;
    try (LocalRun run = LocalRun.start(dir)) {
      say(
          "Kafka %s (in this JVM), ClickHouse %s",
          run.kafka().bootstrapServers(), run.clickhouse());

      say(
          "Generating %,d records for %,d customers (seed %d, %.1f%% malformed; not timed) ...",
          events, customers, seed, malformedShare * 100);
      long g = System.nanoTime();
      GeneratedHistory history = GeneratedHistory.generate(customers, events, seed, malformedShare);
      Path batches = history.writeBatches(dir);
      long records = history.records().size();
      long expectedEvents = history.validDistinct();
      long expectedDead = history.malformed();
      long expectedCustomers = history.groundTruth().business("customer_identities");
      say(
          "  %,d records: %,d distinct valid events, %,d malformed, %,d customers (ground truth)"
              + " in %.1f s",
          records, expectedEvents, expectedDead, expectedCustomers, (System.nanoTime() - g) / 1e9);

      JobConfig config =
          run.jobConfig(
              DATABASE,
              "kafka.bounded=false",
              "kafka.starting-offsets=earliest",
              "checkpoints.interval=" + checkpointInterval,
              "parallelism=" + parallelism,
              "bi.code-batches=" + batches);
      long intervalMs = config.checkpoints().interval().toMillis();
      long settleSeconds = Long.parseLong(opts.getOrDefault("--settle", "300"));
      SchemaApplier.apply(config.clickhouse());

      StreamExecutionEnvironment env = JobEnvironment.create(config);
      SiyuJob.attachProduction(env, config, run.phoneHasher());
      JobClient job = env.executeAsync("siyu (end-to-end benchmark)");
      CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
      try {
        say(
            "Started the whole job, unbounded (live), parallelism %d, checkpoints every %s;"
                + " waiting for its first checkpoint (all tasks running) ...",
            config.parallelism(), checkpointInterval);
        awaitRunning(job, result, dir.resolve("checkpoints").resolve(DATABASE), intervalMs);

        Cpu cpu = new Cpu(clickHousePid(run));
        Cpu.Sample c0 = cpu.sample();
        double load0 = machine.loadAverage();
        long t0 = System.nanoTime();
        history.produceAll(run.kafka().bootstrapServers());
        long produced = System.nanoTime();
        say(
            "Produced %,d records in %.2f s (%,.0f records/s into Kafka); polling ClickHouse every"
                + " %d ms ...",
            records, (produced - t0) / 1e9, records / ((produced - t0) / 1e9), POLL_MS);

        long t1 = awaitReadable(run, result, t0, timeoutSeconds, expectedEvents, expectedDead);
        Cpu.Sample c1 = cpu.sample();
        double load1 = machine.loadAverage();
        if (t1 < 0) {
          ok = false;
        } else {
          long eventsFinal = run.count("SELECT count() FROM " + DATABASE + ".events FINAL");
          long deadFinal = run.count("SELECT count() FROM " + DATABASE + ".dead_letters FINAL");
          long triggers = triggers(run);
          long profiles = profiles(run);
          ok = eventsFinal == expectedEvents && deadFinal == expectedDead;
          report(
              new Report(
                  machine,
                  config.parallelism(),
                  checkpointInterval,
                  records,
                  expectedEvents,
                  expectedDead,
                  expectedCustomers,
                  (produced - t0) / 1e9,
                  (t1 - t0) / 1e9,
                  c1.jvmSeconds() - c0.jvmSeconds(),
                  cpu.hasClickHouse() ? c1.clickHouseSeconds() - c0.clickHouseSeconds() : -1,
                  eventsFinal,
                  deadFinal,
                  triggers,
                  profiles,
                  load0,
                  load1));
          settle(
              run,
              result,
              cpu,
              t0,
              t1,
              settleSeconds,
              intervalMs,
              triggers,
              profiles,
              expectedCustomers);
        }
      } finally {
        if (!result.isDone()) {
          say("Cancelling the job ...");
          try {
            job.cancel().get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            say("  The job did not cancel cleanly: %s", e);
          }
        }
      }
    }
    say("Stopped the job, Kafka and ClickHouse.");
    System.exit(ok ? 0 : 1);
  }

  /**
   * Waits until the job runs with every task deployed: its first checkpoint has completed (a
   * checkpoint starts only when every task runs). Proceeds with a warning after interval + 120 s.
   */
  private static void awaitRunning(
      JobClient job,
      CompletableFuture<JobExecutionResult> result,
      Path checkpoints,
      long intervalMs)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMs + 120_000);
    long start = System.nanoTime();
    while (System.nanoTime() < deadline) {
      failIfDone(result);
      if (job.getJobStatus().get() == JobStatus.RUNNING && hasCompletedCheckpoint(checkpoints)) {
        say("  running; first checkpoint after %.1f s", (System.nanoTime() - start) / 1e9);
        return;
      }
      Thread.sleep(200);
    }
    say("  WARNING: no completed checkpoint yet; measuring anyway (start-up may be included)");
  }

  private static boolean hasCompletedCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(checkpoints, 3)) {
      return files.anyMatch(
          p ->
              p.getFileName().toString().equals("_metadata")
                  && p.getParent().getFileName().toString().startsWith("chk-"));
    }
  }

  /**
   * Polls until {@code events} (FINAL) holds {@code expectedEvents} rows and {@code dead_letters}
   * (FINAL) {@code expectedDead}; returns the time of the round that first saw it, or -1 after the
   * timeout. Plain counts first (cheap, never below the FINAL counts); FINAL only once they are
   * high enough.
   */
  private static long awaitReadable(
      LocalRun run,
      CompletableFuture<JobExecutionResult> result,
      long t0,
      long timeoutSeconds,
      long expectedEvents,
      long expectedDead)
      throws Exception {
    long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      failIfDone(result);
      long round = System.nanoTime();
      long rawEvents = run.count("SELECT count() FROM " + DATABASE + ".events");
      long rawDead = run.count("SELECT count() FROM " + DATABASE + ".dead_letters");
      if (rawEvents >= expectedEvents
          && rawDead >= expectedDead
          && run.count("SELECT count() FROM " + DATABASE + ".events FINAL") >= expectedEvents
          && run.count("SELECT count() FROM " + DATABASE + ".dead_letters FINAL") >= expectedDead) {
        return round;
      }
      if (round > deadline) {
        say(
            "FAIL: after %d s only %,d of %,d event rows and %,d of %,d dead letters (not FINAL)",
            timeoutSeconds, rawEvents, expectedEvents, rawDead, expectedDead);
        return -1;
      }
      if (round > nextProgress) {
        say(
            "  ... t0 + %.0f s: %,d event rows, %,d dead letters (not yet FINAL)",
            (round - t0) / 1e9, rawEvents, rawDead);
        nextProgress = round + TimeUnit.SECONDS.toNanos(5);
      }
      long sleep = POLL_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - round);
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
    }
  }

  private static void failIfDone(CompletableFuture<JobExecutionResult> result) throws Exception {
    if (result.isDone()) {
      result.get(); // throws the job's failure
      throw new IllegalStateException("the unbounded job finished by itself");
    }
  }

  private static long triggers(LocalRun run) {
    return run.count("SELECT count() FROM " + DATABASE + ".journey_triggers FINAL");
  }

  private static long profiles(LocalRun run) {
    return run.count("SELECT count() FROM " + DATABASE + ".v_customer_profile");
  }

  /**
   * After t1 (not timed): how far the outputs held behind the watermark get. Polls every second
   * until neither the journey triggers nor the customer profiles changed for two checkpoint
   * intervals + 5 s, or {@code maxSeconds} have passed, and prints them with the CPU used since t1.
   */
  private static void settle(
      LocalRun run,
      CompletableFuture<JobExecutionResult> result,
      Cpu cpu,
      long t0,
      long t1,
      long maxSeconds,
      long intervalMs,
      long triggers,
      long profiles,
      long expectedCustomers)
      throws Exception {
    if (maxSeconds <= 0) {
      return;
    }
    say(
        "%nWatching the outputs held behind the watermark (not timed) until they stop changing"
            + " for %d s, at most %d s ...",
        (2 * intervalMs + 5000) / 1000, maxSeconds);
    Cpu.Sample c1 = cpu.sample();
    long lastChange = t1;
    long quietNanos = TimeUnit.MILLISECONDS.toNanos(2 * intervalMs + 5000);
    long end = t1 + TimeUnit.SECONDS.toNanos(maxSeconds);
    long now = System.nanoTime();
    while (now < end && now - lastChange < quietNanos) {
      Thread.sleep(1000);
      failIfDone(result);
      long t = triggers(run);
      long p = profiles(run);
      now = System.nanoTime();
      if (t != triggers || p != profiles) {
        triggers = t;
        profiles = p;
        lastChange = now;
      }
    }
    Cpu.Sample c2 = cpu.sample();
    boolean quiet = now - lastChange >= quietNanos;
    System.out.printf(
        "after t1 (not timed): journey triggers %,d, customer profiles %,d of %,d; %s at t0 +"
            + " %.1f s; CPU since t1: this JVM %.1f s, ClickHouse %.1f s%n",
        triggers,
        profiles,
        expectedCustomers,
        quiet ? "last change" : "STILL CHANGING at the end of --settle, last change",
        (lastChange - t0) / 1e9,
        c2.jvmSeconds() - c1.jvmSeconds(),
        c2.clickHouseSeconds() - c1.clickHouseSeconds());
  }

  private record Report(
      Machine machine,
      int parallelism,
      String checkpointInterval,
      long records,
      long expectedEvents,
      long expectedDead,
      long expectedCustomers,
      double productionSeconds,
      double seconds,
      double jvmCpu,
      double clickHouseCpu,
      long events,
      long dead,
      long triggers,
      long profiles,
      double load0,
      double load1) {}

  private static void report(Report r) {
    System.out.println();
    System.out.println(
        "=== End to end: first record produced -> last row readable in ClickHouse ===");
    System.out.printf("machine:             %s%n", r.machine().description());
    System.out.printf(
        "job:                 the whole job (every sink real), unbounded (live), parallelism %d,"
            + " checkpoints every %s%n",
        r.parallelism(), r.checkpointInterval());
    System.out.printf(
        "records produced:    %,d (%,d distinct valid events, %,d malformed)%n",
        r.records(), r.expectedEvents(), r.expectedDead());
    System.out.printf(
        "production finished: t0 + %.2f s (%,.0f records/s into Kafka)%n",
        r.productionSeconds(), r.records() / r.productionSeconds());
    System.out.printf(
        "all rows readable:   t1 = t0 + %.2f s (poll every %d ms)%n", r.seconds(), POLL_MS);
    System.out.printf(
        "throughput:          %,.0f records/s (first record produced -> last row readable)%n",
        r.records() / r.seconds());
    double totalCpu = r.jvmCpu() + Math.max(0, r.clickHouseCpu());
    System.out.printf(
        "CPU t0..t1:          this JVM %.1f s (Flink, Kafka broker, producer, poller),"
            + " ClickHouse server %s; total %.1f s of %.1f s available (%d cores x %.1f s)%n",
        r.jvmCpu(),
        r.clickHouseCpu() < 0
            ? "n/a (CLICKHOUSE_URL: not started here)"
            : String.format("%.1f s", r.clickHouseCpu()),
        totalCpu,
        r.machine().cores() * r.seconds(),
        r.machine().cores(),
        r.seconds());
    System.out.printf(
        "per CPU-second:      %,.0f records per CPU-second%s%n",
        r.records() / totalCpu,
        r.clickHouseCpu() < 0 ? " (this JVM only)" : " (this JVM + ClickHouse)");
    System.out.printf(
        "load average:        %.2f at t0, %.2f at t1 (other work on the machine skews the figures)%n",
        r.load0(), r.load1());
    System.out.printf(
        "%s events (FINAL) %,d = distinct valid events %,d%n",
        r.events() == r.expectedEvents() ? "OK  " : "FAIL", r.events(), r.expectedEvents());
    System.out.printf(
        "%s dead letters (FINAL) %,d = malformed records %,d%n",
        r.dead() == r.expectedDead() ? "OK  " : "FAIL", r.dead(), r.expectedDead());
    System.out.printf(
        "at t1 (for information): journey triggers %,d; customer profiles %,d of %,d customers"
            + " in the ground truth (profiles are written when a checkpoint completes)%n",
        r.triggers(), r.profiles(), r.expectedCustomers());
    System.out.println(
        "note: live mode; profiles, journeys and BI wait for the event-time watermark, which stops"
            + " with the input: the newest events stay buffered until more input comes, so those"
            + " outputs are not all complete (not waited for). The figure is ingestion to readable"
            + " for every record.");
  }

  /** The ClickHouse server's pid, if this run started it. */
  private static OptionalLong clickHousePid(LocalRun run) {
    return run.clickhouse() instanceof LocalClickHouse local ? local.pid() : OptionalLong.empty();
  }

  /** CPU time of this JVM and of the ClickHouse server (with any processes it started). */
  static final class Cpu {
    private final OptionalLong clickHousePid;
    private final long ticksPerSecond;

    Cpu(OptionalLong clickHousePid) {
      this.clickHousePid = clickHousePid;
      this.ticksPerSecond = ticksPerSecond();
    }

    record Sample(double jvmSeconds, double clickHouseSeconds) {}

    boolean hasClickHouse() {
      return clickHousePid.isPresent();
    }

    Sample sample() {
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double jvm = os.getProcessCpuTime() / 1e9;
      double clickHouse = 0;
      if (clickHousePid.isPresent()) {
        long pid = clickHousePid.getAsLong();
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        long ticks = 0;
        for (long p : pids) {
          ticks += procTicks(p);
        }
        clickHouse = (double) ticks / ticksPerSecond;
      }
      return new Sample(jvm, clickHouse);
    }

    /** utime + stime of a process, in clock ticks, from {@code /proc/<pid>/stat} (0 if gone). */
    static long procTicks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // After the command name (in parentheses, may hold spaces): state ppid ... utime(14)
        // stime(15), counted from field 3.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    private static long ticksPerSecond() {
      try {
        Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(5, TimeUnit.SECONDS);
        return Long.parseLong(out);
      } catch (IOException | RuntimeException e) {
        return 100;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 100;
      }
    }
  }

  /** The machine the figures are from. */
  record Machine(int cores, String cpu, String os, String jvm, long memoryBytes, long maxHeap) {
    static Machine describe() {
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      String cpu = "?";
      try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
        cpu =
            lines
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("?");
      } catch (IOException | RuntimeException e) {
        // not Linux: the model stays unknown
      }
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          cpu,
          System.getProperty("os.name")
              + " "
              + System.getProperty("os.version")
              + " "
              + System.getProperty("os.arch"),
          System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.runtime.version", System.getProperty("java.version")),
          os.getTotalMemorySize(),
          Runtime.getRuntime().maxMemory());
    }

    String description() {
      return String.format(
          "%d cores (%s), %.1f GB RAM, %s, %s, max heap %.1f GB",
          cores, cpu, memoryBytes / 1e9, os, jvm, maxHeap / 1e9);
    }

    double loadAverage() {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
  }

  static void say(String format, Object... args) {
    Demo.say(format, args);
  }

  private static final Set<String> OPTIONS =
      Set.of(
          "--customers",
          "--events",
          "--seed",
          "--malformed-share",
          "--parallelism",
          "--checkpoint-interval",
          "--dir",
          "--settle",
          "--timeout");

  private static Map<String, String> options(String[] args) {
    Map<String, String> opts = new TreeMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Expected --name value pairs, one of " + new TreeSet<>(OPTIONS) + "; got " + args[i]);
      }
      opts.put(args[i], args[i + 1]);
    }
    return opts;
  }
}
