package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.IdentityJob;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.ProfileJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 *   <li>run A at parallelism 1;
 *   <li>run B at parallelism 2 with the scan topic read slower ({@link SlowTopicDeserializer}: 1 ms
 *       every 10 scan records per source subtask), wired like {@code attachProduction} apart from
 *       that source (checked: both job graphs have the same operator uids and names).
 * </ul>
 *
 * <p>Both jobs finish by themselves; the test waits until ClickHouse and the output topics stop
 * changing, then compares, row for row as multisets: {@code customer_profile}, {@code
 * lifecycle_transitions}, {@code tag_changes}, {@code identity_map}, {@code journey_triggers},
 * {@code late_events}, {@code journey_late_events}, {@code events}, {@code dead_letters} (each with
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
 * target/replay-determinism.txt}. The history must be rich enough to mean something: customers
 * reaching CHURNED, transitions caused by a merge, late events, and triggers of every journey in
 * the shipped file.
 *
 * <p>A check of the check: {@code -Dit.replay.b.parallelism=1 -Dit.replay.b.slow-every=0} runs B
 * exactly as A (parallelism 1, production source), to see what differs without any change of
 * interleaving.
 *
 * <p>Run alone: {@code mvn -B verify -pl e2e -am -Dit.test=ReplayDeterminismIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReplayDeterminismIT extends EndToEndTestBase {
  private static final String PREFIX = "replay-";
  private static final String[] TOPICS = {
    PREFIX + "scan", PREFIX + "purchase", PREFIX + "interaction"
  };

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
          "dead_letters");

  /** 2025-06-01: the 400 days end on 2026-07-06. */
  private static final long START = java.time.Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

  private static final Path REPORT = Path.of("target", "replay-determinism.txt");

  private static GeneratedHistory history;

  @BeforeAll
  static void produceHistory() throws Exception {
    long t0 = System.nanoTime();
    GeneratorConfig generator =
        GeneratorConfig.defaults()
            .withCustomers(3_000)
            .withDays(400)
            // Ends in the past: the broker refuses record timestamps over an hour ahead of its
            // clock.
            .withStartTime(START)
            .withEvents(Integer.getInteger("it.replay.events", 50_000))
            .withSeed(Long.getLong("it.replay.seed", 8))
            .withMalformedShare(0.01)
            .withTopics(TOPICS[0], TOPICS[1], TOPICS[2]);
    history = new GeneratedHistory(EventGenerator.generateAll(generator));
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

  @Test
  void aBoundedReplayGivesTheSameOutputsAtAnyParallelismAndReadSpeed() throws Exception {
    Run a = replay("a", 1, 0);
    Run b =
        replay(
            "b",
            Integer.getInteger("it.replay.b.parallelism", 2),
            Integer.getInteger("it.replay.b.slow-every", 10));

    List<RunOutputs.Difference> differences = RunOutputs.compare(a.outputs, b.outputs);
    String figures =
        String.format(
                "run A: %s, %.1f s; run B: %s, %.1f s%n",
                a.description, a.seconds, b.description, b.seconds)
            + RunOutputs.table(differences, "A", "B");
    String examples = RunOutputs.examples(differences, a.outputs, "A", "B", 10);
    report(figures + examples);

    List<Executable> checks = new ArrayList<>();
    checks.add(
        () ->
            assertTrue(
                differences.stream().allMatch(RunOutputs.Difference::same),
                "the two replays differ:\n" + figures + examples));
    for (Run r : List.of(a, b)) {
      checks.add(() -> assertRichEnough(r));
    }
    assertAll(checks);
  }

  /** One finished replay: what it wrote and how long it took. */
  private record Run(
      String name, String db, String description, double seconds, RunOutputs outputs) {}

  /**
   * Replays the input topics into fresh outputs named after {@code name}, at {@code parallelism},
   * with the scan topic slowed down every {@code slowEvery} records (0: the production source and
   * {@link SiyuJob#attachProduction} itself), and reads every output once it has settled.
   */
  private Run replay(String name, int parallelism, int slowEvery) throws Exception {
    String db = "it_replay_" + name;
    String out = PREFIX + name + "-";
    String triggers = out + "campaign-triggers";
    String profiles = out + "profile-updates";
    String deadLetters = out + "dead-letters";
    run.kafka().createTopics(3, triggers, profiles);
    run.kafka().createTopics(1, deadLetters);
    JobConfig config =
        run.jobConfig(
            db,
            "kafka.bounded=true",
            "kafka.group-id=it-replay-" + name,
            "kafka.topics.scan=" + TOPICS[0],
            "kafka.topics.purchase=" + TOPICS[1],
            "kafka.topics.interaction=" + TOPICS[2],
            "kafka.topics.dead-letters=" + deadLetters,
            "kafka.topics.profile-updates=" + profiles,
            "journeys.topic=" + triggers,
            "journeys.transactional-id-prefix=it-replay-" + name + "-journeys",
            "checkpoints.interval=2s",
            "parallelism=" + parallelism);
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    String description;
    if (slowEvery == 0) {
      SiyuJob.attachProduction(env, config, run.phoneHasher());
      description = "parallelism " + parallelism + ", production source";
    } else {
      attachWithSlowScan(env, config, slowEvery);
      StreamExecutionEnvironment production = JobEnvironment.create(config);
      SiyuJob.attachProduction(production, config, run.phoneHasher());
      assertEquals(
          operators(production), operators(env), "run " + name + " is wired like production");
      description =
          "parallelism " + parallelism + ", " + TOPICS[0] + " slowed 1 ms every " + slowEvery;
    }

    long t0 = System.nanoTime();
    JobClient job = env.executeAsync("replay determinism: run " + name);
    try {
      job.getJobExecutionResult().get(4, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      job.cancel().get();
      throw new AssertionError("run " + name + " did not finish within 4 minutes", e);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    awaitSettled(db, triggers, profiles);

    RunOutputs outputs = new RunOutputs();
    for (String table : TABLES) {
      outputs.table(run, db, table);
    }
    outputs.topic(run.kafka().bootstrapServers(), triggers);
    outputs.topic(run.kafka().bootstrapServers(), profiles);
    // Diagnostics on top of the full comparison: what differs besides the version counters.
    outputs.table(run, db, "identity_map", Set.of("version"), "identity_map without version");
    outputs.table(
        run, db, "customer_profile", Set.of("version"), "customer_profile without version");
    // Both runs' topics under one name each, so that the runs can be compared output by output.
    RunOutputs named = new RunOutputs();
    for (String output : outputs.outputs()) {
      named.put(
          output.replace(out, PREFIX + "<run>-"), outputs.header(output), outputs.rows(output));
    }
    return new Run(name, db, description, seconds, named);
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
    DataStream<IdentityMessage> identities = IdentityJob.production(config).attachTo(events);
    SingleOutputStreamOperator<ProfileUpdate> profiles =
        ProfileJob.production(config).attachTo(identities);
    SiyuJob.attachJourneys(JourneyJob.production(config), identities, profiles);
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
      StringBuilder now = new StringBuilder();
      for (String table : TABLES) {
        now.append(run.count("SELECT count() FROM " + db + "." + table)).append(' ');
      }
      for (String topic : topics) {
        now.append(RunOutputs.endOffsetSum(run.kafka().bootstrapServers(), topic)).append(' ');
      }
      stable = now.toString().equals(last) ? stable + 1 : 0;
      last = now.toString();
      Thread.sleep(500);
    }
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
