package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue #8's acceptance test: a bounded replay ({@code kafka.bounded=true}) of the same Kafka
 * topics gives the same outputs however it is run.
 *
 * <p>One generated history — 3,000 customers over 400 simulated days from 2025-06-01, 50,000
 * records (system property {@code it.replay.events}) with the generator's defaults: 5% out-of-order
 * records (up to 10 minutes behind, so with the 30 s out-of-orderness many are late), 1%
 * byte-identical re-sends, {@code bind_member} links, and 1% malformed records — is produced once
 * to three input topics of three partitions each. The full production job ({@link
 * SiyuJob#attachProduction}: ingestion, identity, profile, the shipped {@code conf/journeys.yaml},
 * every sink) replays it twice, each run into fresh outputs (its own ClickHouse database, trigger
 * topic, profile changelog topic, dead-letter topic, consumer group, transactional ids and
 * checkpoint directory):
 *
 * <ul>
 *   <li>run A at parallelism 1, every event through the identity graph's single instance ({@code
 *       profile.identity.parallel: false});
 *   <li>run B at parallelism 2, identity in parallel (the default), with the scan topic read slower
 *       ({@link SlowTopicDeserializer}: 1 ms every 10 scan records per source subtask), wired like
 *       {@code attachProduction} apart from that source (checked: both job graphs have the same
 *       operator uids and names).
 * </ul>
 *
 * <p>Both jobs finish by themselves; the test waits until ClickHouse and the output topics stop
 * changing, then compares, row for row as multisets: {@code customer_profile}, {@code
 * lifecycle_transitions}, {@code tag_changes}, {@code identity_map}, {@code journey_triggers},
 * {@code late_events}, {@code journey_late_events}, {@code events}, {@code dead_letters}, the BI
 * tables ({@code scan_stats}, {@code sales_stats}, {@code interaction_stats}, {@code funnel_stats},
 * {@code scan_alerts}, {@code paid_orders}, {@code customer_months}; versions included) (each with
 * {@code FINAL}, as they are all ReplacingMergeTree, ordered by every compared column), and the
 * trigger topic and the profile changelog topic read with {@code read_committed} (sorted key +
 * value; neither value holds a wall-clock field: {@code updated_at} and {@code fired_at} are event
 * time). <b>Columns not compared</b>, because they record the wall-clock time of the write: {@code
 * events.ingested_at} and {@code dead_letters.detected_at} ({@link RunOutputs#WALL_CLOCK_COLUMNS}).
 * The dead-letter topic is at-least-once and not compared (its table is).
 *
 * <p>Two projections are compared as well, on top of the full tables, only to tell a developer
 * more: {@code identity_map} and {@code customer_profile} without their {@code version} counters (a
 * version that differs hides whether anything else does).
 *
 * <p>On a mismatch the message gives, per output, the rows of each run and how many are only in
 * one, and the first ten such rows of each side. The figures are also written to {@code
 * target/replay-determinism.txt}. Each run must be complete (every distinct valid event and
 * malformed record of the history, every identifier of the events up to the end watermark), and the
 * history rich enough to mean something: customers reaching CHURNED, transitions caused by a merge,
 * late events, and triggers of every journey in the shipped file.
 *
 * <p>A check of the check: {@code -Dit.replay.b.parallelism=1 -Dit.replay.b.slow-every=0} runs B
 * exactly as A (parallelism 1, production source), to see what differs without any change of
 * interleaving.
 *
 * <p>Second, {@link #liveConsumptionEqualsTheBoundedReplay}: a live (unbounded) job reads a second,
 * smaller history ({@code it.replay.live-events}, 20,000 records, same generator settings) while it
 * is produced to fresh topics in eight chunks over about 21 seconds, with {@code
 * watermarks.idle-timeout=10min} so that no partition leaves the watermark; once all events are in
 * and the outputs have stopped changing (the watermark then stands at the smallest partition's last
 * event time − out-of-orderness − 1 ms, where a bounded replay ends), its final stages, lifecycle
 * transitions, tag changes and trigger ids must equal those of a bounded replay of the same topics
 * (parallelism 2 both). Only outputs that do not depend on checkpoint timing are compared.
 *
 * <p>Run alone: {@code mvn -B verify -pl e2e -am -Dit.test=ReplayDeterminismIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
// The live test second: a cancelled job can hold its slots for a while.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayDeterminismIT extends EndToEndTestBase {
  private static final String PREFIX = "replay-";
  private static final String[] TOPICS = inputTopics(PREFIX);

  /** The ClickHouse tables compared, in the order of the report. */
  static final List<String> TABLES =
      List.of(
          "customer_profile",
          "lifecycle_transitions",
          "tag_changes",
          "identity_map",
          "journey_triggers",
          "late_events",
          "journey_late_events",
          "events",
          "dead_letters",
          "scan_stats",
          "sales_stats",
          "interaction_stats",
          "funnel_stats",
          "scan_alerts",
          "paid_orders",
          "customer_months");

  /** 2025-06-01: the 400 days end on 2026-07-06. */
  private static final long START = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

  private static final Path REPORT = Path.of("target", "replay-determinism.txt");

  /** The history on {@link #TOPICS}. */
  private static GeneratedHistory history;

  @BeforeAll
  static void produceHistory() throws Exception {
    long t0 = System.nanoTime();
    history = generate(Integer.getInteger("it.replay.events", 50_000), TOPICS);
    run.kafka().createTopics(3, TOPICS);
    history.produceAll(run.kafka().bootstrapServers());
    report(
        String.format(
            "%n=== %s: %,d records (%,d distinct valid events, %,d malformed), produced in %.1f s%n",
            ReplayDeterminismIT.class.getSimpleName(),
            history.records().size(),
            history.validDistinct(),
            history.malformed(),
            (System.nanoTime() - t0) / 1e9));
  }

  /**
   * 3,000 customers over 400 days from {@link #START} (so that the history ends in the past: the
   * broker refuses record timestamps more than an hour ahead of its clock), the generator's
   * out-of-order records and re-sends, 1% malformed.
   */
  private static GeneratedHistory generate(int events, String[] topics) {
    return new GeneratedHistory(
        EventGenerator.generateAll(
            GeneratorConfig.defaults()
                .withCustomers(3_000)
                .withDays(400)
                .withStartTime(START)
                .withEvents(events)
                .withSeed(Long.getLong("it.replay.seed", 8))
                .withMalformedShare(0.01)
                .withTopics(topics[0], topics[1], topics[2])));
  }

  private static String[] inputTopics(String prefix) {
    return new String[] {prefix + "scan", prefix + "purchase", prefix + "interaction"};
  }

  @Test
  @Order(1)
  void aBoundedReplayGivesTheSameOutputsAtAnyParallelismAndReadSpeed() throws Exception {
    // A sends every event through the identity graph's single instance; B lets the events whose
    // identifiers are already linked go past it (the default): the two must agree exactly.
    Run a =
        replay(
            "a", TOPICS, 1, 0, ReplayDeterminismIT::allOutputs, "profile.identity.parallel=false");
    Run b =
        replay(
            "b",
            TOPICS,
            Integer.getInteger("it.replay.b.parallelism", 2),
            Integer.getInteger("it.replay.b.slow-every", 10),
            ReplayDeterminismIT::allOutputs);

    List<Executable> checks = new ArrayList<>();
    checks.add(() -> assertSame(a, b, "bounded replays"));
    long identifiers = identifiersApplied();
    for (Run r : List.of(a, b)) {
      checks.add(() -> assertComplete(r, identifiers));
      checks.add(() -> assertRichEnough(r));
    }
    assertAll(checks);
  }

  @Test
  @Order(2)
  void liveConsumptionEqualsTheBoundedReplay() throws Exception {
    String[] topics = inputTopics(PREFIX + "live-");
    GeneratedHistory liveHistory =
        generate(Integer.getInteger("it.replay.live-events", 20_000), topics);
    run.kafka().createTopics(3, topics);
    String name = "live";
    JobConfig config =
        config(
            name,
            topics,
            false,
            2,
            // Longer than the test: no partition leaves the watermark, as in a replay.
            "watermarks.idle-timeout=10min");
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    SiyuJob.attachProduction(env, config, run.phoneHasher());
    long t0 = System.nanoTime();
    JobClient job = env.executeAsync("replay determinism: live");
    RunOutputs liveOutputs;
    try {
      int chunks = 8;
      int size = liveHistory.records().size();
      for (int i = 0; i < chunks; i++) {
        if (i > 0) {
          Thread.sleep(3_000);
        }
        liveHistory.produce(
            run.kafka().bootstrapServers(), size * i / chunks, size * (i + 1) / chunks);
      }
      awaitLiveEnd(db(name), liveHistory.validDistinct());
      liveOutputs = timingFreeOutputs(db(name), outputPrefix(name));
    } finally {
      job.cancel().get();
      awaitTerminal(job);
    }
    Run live =
        new Run(
            name,
            db(name),
            "live, parallelism 2, produced in 8 chunks 3 s apart",
            (System.nanoTime() - t0) / 1e9,
            liveOutputs);
    Run replay = replay("live-replay", topics, 2, 0, ReplayDeterminismIT::timingFreeOutputs);
    assertSame(live, replay, "live consumption and the bounded replay");
  }

  /** One finished run: what it wrote and how long it took. */
  private record Run(
      String name, String db, String description, double seconds, RunOutputs outputs) {}

  /** Reads a run's outputs: database and output topic prefix → rows. */
  @FunctionalInterface
  private interface Reader {
    RunOutputs read(String db, String outputPrefix) throws Exception;
  }

  private static String db(String name) {
    return "it_replay_" + name.replace('-', '_');
  }

  private static String outputPrefix(String name) {
    return PREFIX + name + "-";
  }

  /**
   * A job configuration reading {@code inputs} into fresh outputs named after {@code name} (the
   * output topics are created here).
   */
  private static JobConfig config(
      String name, String[] inputs, boolean bounded, int parallelism, String... more) {
    String out = outputPrefix(name);
    run.kafka().createTopics(3, out + "campaign-triggers", out + "profile-updates");
    run.kafka().createTopics(1, out + "dead-letters");
    List<String> overrides =
        new ArrayList<>(
            List.of(
                "kafka.bounded=" + bounded,
                "kafka.group-id=it-replay-" + name,
                "kafka.topics.scan=" + inputs[0],
                "kafka.topics.purchase=" + inputs[1],
                "kafka.topics.interaction=" + inputs[2],
                "kafka.topics.dead-letters=" + out + "dead-letters",
                "kafka.topics.profile-updates=" + out + "profile-updates",
                "journeys.topic=" + out + "campaign-triggers",
                "journeys.transactional-id-prefix=it-replay-" + name + "-journeys",
                "checkpoints.interval=" + (bounded ? "2s" : "1s"),
                "parallelism=" + parallelism));
    overrides.addAll(List.of(more));
    return run.jobConfig(db(name), overrides.toArray(String[]::new));
  }

  /**
   * Replays {@code inputs} (bounded) into fresh outputs named after {@code name}, at {@code
   * parallelism}, with the scan topic slowed down every {@code slowEvery} records (0: the
   * production source and {@link SiyuJob#attachProduction} itself); once the job has finished and
   * its outputs have settled, reads them with {@code reader}.
   */
  private static Run replay(
      String name,
      String[] inputs,
      int parallelism,
      int slowEvery,
      Reader reader,
      String... settings)
      throws Exception {
    JobConfig config = config(name, inputs, true, parallelism, settings);
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    String description;
    if (slowEvery == 0) {
      SiyuJob.attachProduction(env, config, run.phoneHasher());
      description =
          "parallelism " + parallelism + ", production source " + String.join(" ", settings);
    } else {
      attachWithSlowScan(env, config, slowEvery);
      StreamExecutionEnvironment production = JobEnvironment.create(config);
      SiyuJob.attachProduction(production, config, run.phoneHasher());
      assertEquals(
          operators(production), operators(env), "run " + name + " is wired like production");
      description =
          "parallelism " + parallelism + ", " + inputs[0] + " slowed 1 ms every " + slowEvery;
    }

    long t0 = System.nanoTime();
    JobClient job = env.executeAsync("replay determinism: " + name);
    try {
      job.getJobExecutionResult().get(4, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      job.cancel().get();
      awaitTerminal(job);
      throw new AssertionError("run " + name + " did not finish within 4 minutes", e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    String out = outputPrefix(name);
    long t1 = System.nanoTime();
    awaitSettled(
        db(name), out + "campaign-triggers", out + "profile-updates", out + "dead-letters");
    long t2 = System.nanoTime();
    RunOutputs outputs = reader.read(db(name), out);
    System.out.printf(
        "%s run %s: job %.1f s, settled in %.1f s, outputs read in %.1f s%n",
        java.time.LocalTime.now(), name, seconds, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9);
    return new Run(name, db(name), description, seconds, outputs);
  }

  /**
   * Every output of a run: the tables, the trigger and profile changelog topics (named without the
   * run, so that two runs compare output by output), and two diagnostic projections.
   */
  private static RunOutputs allOutputs(String db, String outputPrefix) {
    RunOutputs outputs = new RunOutputs();
    for (String table : TABLES) {
      outputs.table(run, db, table);
    }
    for (String topic : List.of("campaign-triggers", "profile-updates")) {
      outputs.put(
          "topic " + topic,
          "key\tvalue",
          RunOutputs.readCommitted(run.kafka().bootstrapServers(), outputPrefix + topic));
    }
    // LocalRun names the scan-alert topic after the database.
    outputs.put(
        "topic scan-alerts",
        "key\tvalue",
        RunOutputs.readCommitted(run.kafka().bootstrapServers(), db + "-scan-alerts"));
    // Diagnostics on top of the full comparison: what differs besides the version counters.
    outputs.table(run, db, "identity_map", Set.of("version"), "identity_map without version");
    outputs.table(
        run, db, "customer_profile", Set.of("version"), "customer_profile without version");
    return outputs;
  }

  /**
   * What a live run and a replay must share whatever the checkpoints did: each customer's final
   * stage (and whom a merged-away customer went to), the lifecycle transitions, the tag changes and
   * the triggers (id, journey, sent or capped).
   */
  private static RunOutputs timingFreeOutputs(String db, String outputPrefix) {
    return new RunOutputs()
        .columns(
            run,
            db,
            "customer_profile",
            List.of("customer_key", "stage", "merged_into"),
            "customer_profile stages")
        .table(run, db, "lifecycle_transitions")
        .table(run, db, "tag_changes")
        .columns(
            run,
            db,
            "journey_triggers",
            List.of("trigger_id", "journey_id", "status"),
            "journey_triggers ids");
  }

  /** Fails, with the figures and the first differing rows, unless every output is the same. */
  private static void assertSame(Run a, Run b, String what) {
    List<RunOutputs.Difference> differences = RunOutputs.compare(a.outputs, b.outputs);
    String figures =
        String.format(
                "%s: run %s (%s) %.1f s; run %s (%s) %.1f s%n",
                what, a.name, a.description, a.seconds, b.name, b.description, b.seconds)
            + RunOutputs.table(differences, a.name, b.name);
    String examples = RunOutputs.examples(differences, a.outputs, a.name, b.name, 10);
    report(figures + examples);
    assertTrue(
        differences.stream().allMatch(RunOutputs.Difference::same),
        what + " differ:\n" + figures + examples);
  }

  /**
   * {@link SiyuJob#attachProduction} with the scan topic read slower: the same production pieces,
   * only the source's deserializer wrapped in {@link SlowTopicDeserializer}.
   */
  private static void attachWithSlowScan(
      StreamExecutionEnvironment env, JobConfig config, int slowEvery) {
    SlowTopicDeserializer slow =
        new SlowTopicDeserializer(
            KafkaSources.deserializer(config, run.phoneHasher()),
            config.kafka().topics().scan(),
            slowEvery,
            1);
    DataStream<CustomerEvent> events =
        new IngestJob(
                KafkaSources.ingest(config, slow),
                KafkaSources.watermarks(config),
                KafkaSources.gate(config),
                Sinks.events(config),
                Map.of(
                    "clickhouse",
                    Sinks.deadLetterTable(config),
                    "kafka",
                    Sinks.deadLetterTopic(config)),
                Map.of("clickhouse", Sinks.lateEvents(config)))
            .attachTo(env);
    SiyuJob.attachCustomerPipelines(events, config, JourneyJob.production(config));
  }

  /** The uid and name of every operator of the job built in {@code env}. */
  private static Set<String> operators(StreamExecutionEnvironment env) {
    Set<String> out = new TreeSet<>();
    for (Transformation<?> sink : env.getTransformations()) {
      for (Transformation<?> t : sink.getTransitivePredecessors()) {
        if (t.getUid() != null) {
          out.add(t.getUid() + " (" + t.getName() + ")");
        }
      }
    }
    return out;
  }

  /**
   * Waits until the run's tables (rows as written, before merging) and output topics have not
   * changed for two seconds: the job has finished, but the last committed rows may still be on
   * their way.
   */
  private static void awaitSettled(String db, String... topics) throws Exception {
    String last = "";
    int stable = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stable < 4 && System.nanoTime() < deadline) {
      String now = fingerprint(db, topics);
      stable = now.equals(last) ? stable + 1 : 0;
      last = now;
      Thread.sleep(500);
    }
  }

  /** Rows written to each table and records in each topic. */
  private static String fingerprint(String db, String... topics) {
    StringBuilder now = new StringBuilder();
    for (String table : TABLES) {
      now.append(run.count("SELECT count() FROM " + db + "." + table)).append(' ');
    }
    for (String topic : topics) {
      now.append(RunOutputs.endOffsetSum(run.kafka().bootstrapServers(), topic)).append(' ');
    }
    return now.toString();
  }

  /**
   * Waits until a live job has written every distinct valid event and then changed no table for
   * eight seconds (eight checkpoints): its watermark has reached the last records, every timer up
   * to it has fired and its rows are committed. After three minutes it goes on, so that a failure
   * shows the differences.
   */
  private static void awaitLiveEnd(String db, long events) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (run.count("SELECT uniqExact(stream, event_id) FROM " + db + ".events") < events
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    String last = "";
    int stable = 0;
    while (stable < 16 && System.nanoTime() < deadline) {
      String now = fingerprint(db);
      stable = now.equals(last) ? stable + 1 : 0;
      last = now;
      Thread.sleep(500);
    }
  }

  /**
   * The identifiers of the events a bounded replay applies: those up to its end watermark (README
   * "Event time"), computed by the profile test's reference from the topics read back.
   */
  private static long identifiersApplied() {
    ReferenceProfiles.Timeline timeline =
        ReferenceProfiles.timeline(
            InputTopics.read(run.kafka().bootstrapServers(), history, TOPICS),
            ReferenceProfiles.Params.of(run.jobConfig("unused")));
    Set<String> ids = new HashSet<>();
    for (ReferenceProfiles.Placed p : timeline.applied()) {
      ids.addAll(ReferenceProfiles.ids(p.json().get("ids"), run.phoneHasher()));
      if (ReferenceProfiles.invitation(p.json()) && p.json().hasNonNull("referrer_ids")) {
        ids.addAll(ReferenceProfiles.ids(p.json().get("referrer_ids"), run.phoneHasher()));
      }
    }
    return ids.size();
  }

  /**
   * Nothing is missing from what does not depend on order: every distinct valid event, every
   * malformed record, every identifier of the events applied (the last checkpoint's rows were
   * committed).
   */
  private static void assertComplete(Run r, long identifiers) {
    assertEquals(
        List.of(history.validDistinct(), history.malformed(), identifiers),
        List.of(
            run.count("SELECT count() FROM " + r.db + ".events FINAL"),
            run.count("SELECT count() FROM " + r.db + ".dead_letters FINAL"),
            run.count("SELECT count() FROM " + r.db + ".identity_map FINAL")),
        "run " + r.name + ": distinct valid events, malformed records, identifiers");
  }

  /**
   * The history means something: customers reached CHURNED, merges moved customers' stages, some
   * events were late, and every journey of the shipped file fired.
   */
  private static void assertRichEnough(Run r) {
    long churned =
        run.count(
            "SELECT uniqExact(customer_key) FROM "
                + r.db
                + ".lifecycle_transitions FINAL WHERE to_stage = 'CHURNED'");
    long merges =
        run.count(
            "SELECT count() FROM " + r.db + ".lifecycle_transitions FINAL WHERE cause = 'merge'");
    long late = run.count("SELECT count() FROM " + r.db + ".late_events FINAL");
    Map<String, Long> perJourney = new TreeMap<>();
    for (String line :
        run.clickhouse()
            .query(
                "SELECT journey_id, count() FROM "
                    + r.db
                    + ".journey_triggers FINAL GROUP BY journey_id")
            .split("\n")) {
      if (!line.isBlank()) {
        perJourney.put(line.split("\t")[0], Long.parseLong(line.split("\t")[1]));
      }
    }
    Set<String> shipped = new TreeSet<>();
    for (JourneyDefinition j : run.jobConfig(r.db).journeys().list()) {
      shipped.add(j.id());
    }
    String what =
        String.format(
            "run %s: %d customers reached CHURNED, %d transitions caused by a merge, %d late events,"
                + " triggers per journey %s",
            r.name, churned, merges, late, perJourney);
    report(what + "\n");
    assertTrue(churned > 0 && merges > 0 && late > 0, "the history is too poor: " + what);
    assertEquals(shipped, perJourney.keySet(), "every shipped journey fired: " + what);
  }

  private static void report(String text) {
    System.out.print(text);
    System.out.flush();
    try {
      Files.createDirectories(REPORT.getParent());
      Files.writeString(REPORT, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("could not write " + REPORT + ": " + e);
    }
  }
}
