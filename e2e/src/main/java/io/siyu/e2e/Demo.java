package io.siyu.e2e;

import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.schema.SchemaApplier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code bin/demo}: the ingestion job end to end on this machine. Starts Kafka and ClickHouse,
 * generates a realistic history (with malformed records on purpose), replays it through the job on
 * a local Flink mini cluster (bounded mode: it finishes by itself), shows progress, then prints
 * what ClickHouse holds and checks it against the generator's ground truth; at the end it writes
 * the dashboard (one HTML page from the bi_* views) and prints its path.
 *
 * <p>Options: {@code --customers N --events N --seed S --malformed-share X --dir D}, and any number
 * of {@code --set key=value}, job configuration overrides applied after the demo's own ({@code
 * kafka.bounded=true}, {@code checkpoints.interval=2s}, the code batches file): {@code --set
 * checkpoints.interval=10s} runs with the production default. Of two settings of one key the later
 * wins.
 */
public final class Demo {
  private static final String DATABASE = "siyu";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    List<String> sets = new ArrayList<>();
    Map<String, String> opts = options(args, sets);
    Path dir = Path.of(opts.getOrDefault("--dir", ".run/demo")).toAbsolutePath();
    int customers = Integer.parseInt(opts.getOrDefault("--customers", "2000"));
    long events = Long.parseLong(opts.getOrDefault("--events", "50000"));
    long seed = Long.parseLong(opts.getOrDefault("--seed", "42"));
    double malformedShare = Double.parseDouble(opts.getOrDefault("--malformed-share", "0.02"));
    deleteRecursively(dir);

    long t0 = System.nanoTime();
    say("Starting a Kafka broker and a ClickHouse server under %s ...", dir);
    boolean ok;
    Path dashboard;
    try (LocalRun run = LocalRun.start(dir)) {
      say("  Kafka %s, ClickHouse %s", run.kafka().bootstrapServers(), run.clickhouse().httpUrl());

      say(
          "Generating %,d records for %,d customers (seed %d, %.1f%% malformed) ...",
          events, customers, seed, malformedShare * 100);
      GeneratedHistory history = GeneratedHistory.generate(customers, events, seed, malformedShare);
      history.produceAll(run.kafka().bootstrapServers());
      say(
          "  wrote %,d records: %,d distinct valid events (scan %,d, purchase %,d, interaction %,d), %,d malformed",
          history.records().size(),
          history.validDistinct(),
          history.validDistinct("scan"),
          history.validDistinct("purchase"),
          history.validDistinct("interaction"),
          history.malformed());

      Path batches = history.writeBatches(dir);
      List<String> overrides =
          new ArrayList<>(
              List.of(
                  "kafka.bounded=true", "checkpoints.interval=2s", "bi.code-batches=" + batches));
      overrides.addAll(sets); // after the demo's own: a --set wins
      if (!sets.isEmpty()) {
        say("  configuration overrides (--set): %s", String.join(", ", sets));
      }
      JobConfig config = run.jobConfig(DATABASE, overrides.toArray(String[]::new));
      say("Applying the ClickHouse schema (sql/) ...");
      SchemaApplier.apply(config.clickhouse());

      say(
          "Running the job: ingestion + identity + customer profile + journeys + BI (Flink mini cluster, parallelism %d, bounded replay) ...",
          config.parallelism());
      StreamExecutionEnvironment env = JobEnvironment.create(config);
      SiyuJob.attachProduction(env, config, run.phoneHasher());
      JobClient job = env.executeAsync("siyu-ingest (demo replay)");
      long jobStart = System.nanoTime();
      CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
      while (!result.isDone()) {
        Thread.sleep(2000);
        say(
            "  ... %,d event rows, %,d dead letters in ClickHouse so far",
            run.count("SELECT count() FROM " + DATABASE + ".events"),
            run.count("SELECT count() FROM " + DATABASE + ".dead_letters"));
      }
      result.get();
      double jobSeconds = (System.nanoTime() - jobStart) / 1e9;

      ok = Summary.print(run, DATABASE, history, jobSeconds);
      dashboard = writeDashboard(run, dir.resolve("dashboard.html"));
    }
    say("Stopped Kafka and ClickHouse. Total %.0f s.", (System.nanoTime() - t0) / 1e9);
    if (dashboard != null) {
      say("Dashboard (open it in a browser; it needs no network): %s", dashboard);
    }
    ok &= dashboard != null;
    System.exit(ok ? 0 : 1);
  }

  /** The dashboard page from the bi_* views (dashboard/render.js), or null if it failed. */
  private static Path writeDashboard(LocalRun run, Path page) throws InterruptedException {
    say("Writing the dashboard from the bi_* views ...");
    try {
      Dashboard.Written written = Dashboard.write(run.clickhouse(), DATABASE, page);
      // Its warnings (a view missing, say); the path comes last, after the stack has stopped.
      System.out.print(indentLines(written.output().replace(written.page().toString(), "")));
      return written.page();
    } catch (IOException | IllegalStateException e) {
      say("  The dashboard was not written: %s", e.getMessage());
      return null;
    }
  }

  private static String indentLines(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.append("  ").append(line).append(System.lineSeparator());
      }
    }
    return out.toString();
  }

  static void say(String format, Object... args) {
    System.out.printf(format + "%n", args);
    System.out.flush();
  }

  /** {@code --name value} pairs; every {@code --set key=value} goes to {@code sets}, in order. */
  private static Map<String, String> options(String[] args, List<String> sets) {
    Map<String, String> opts = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
      }
      if (args[i].equals("--set")) {
        if (args[i + 1].indexOf('=') <= 0) {
          throw new IllegalArgumentException("Expected --set key=value, got " + args[i + 1]);
        }
        sets.add(args[i + 1]);
      } else {
        opts.put(args[i], args[i + 1]);
      }
    }
    return opts;
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
