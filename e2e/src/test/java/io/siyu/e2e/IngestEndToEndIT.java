package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.DeadLetter;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The ingestion job end to end on a Flink mini cluster (parallelism 2) with a real Kafka broker and
 * a real ClickHouse server: exact counts, a failure injected mid-stream, and ClickHouse going away
 * mid-stream. Each test has its own topics and database, so they do not see each other.
 */
class IngestEndToEndIT extends EndToEndTestBase {

  @Test
  void everyValidEventLandsOnceAndEveryMalformedRecordIsADeadLetterWithItsReason()
      throws Exception {
    Scenario s = new Scenario("exact", 20_000, 11);
    s.history.produceAll(run.kafka().bootstrapServers());

    StreamExecutionEnvironment env = JobEnvironment.create(s.config);
    IngestJob.production(s.config, run.phoneHasher()).attachTo(env);
    env.execute("exact counts");

    s.assertExactlyOnce();
    assertEquals(s.history.malformedByReason(), s.deadLettersByReason());
    assertEquals(
        0,
        run.count(
            "SELECT count() FROM "
                + s.db
                + ".dead_letters WHERE match(payload, '(^|[^0-9a-f#])1[3-9][0-9]{9}([^0-9a-f]|$)')"),
        "no raw phone number is stored in a dead letter");
    assertEquals(
        0,
        run.count(
            "SELECT count() FROM "
                + s.db
                + ".events WHERE phone_hash != '' AND length(phone_hash) != 32"));
    assertTrue(
        run.count("SELECT count() FROM " + s.db + ".events WHERE phone_hash != ''") > 0,
        "the generator's phones arrive hashed");
    assertEquals(s.history.malformed(), s.deadLetterTopicKeys().size(), "dead-letter topic");
  }

  @Test
  void aFailureMidStreamRestartsFromTheCheckpointWithoutLosingOrDoublingEvents() throws Exception {
    Scenario s = new Scenario("failover", 30_000, 12, "checkpoints.interval=300ms");
    s.history.produceAll(run.kafka().bootstrapServers());
    int failuresBefore = FailOnceSink.FAILURES.get();

    StreamExecutionEnvironment env = JobEnvironment.create(s.config);
    Sink<DeadLetter> deadLetters = Sinks.deadLetterTable(s.config);
    new IngestJob(
            KafkaSources.ingest(s.config, run.phoneHasher()),
            KafkaSources.watermarks(s.config),
            KafkaSources.gate(s.config),
            new FailOnceSink<>(Sinks.events(s.config), 2_000),
            Map.of("clickhouse", deadLetters),
            Map.of())
        .attachTo(env);
    env.execute("failure injected");

    assertEquals(failuresBefore + 1, FailOnceSink.FAILURES.get(), "the job failed once on purpose");
    long raw = run.count("SELECT count() FROM " + s.db + ".events");
    assertTrue(raw >= s.history.validDistinct(), "raw rows " + raw);
    s.assertExactlyOnce();
    assertEquals(s.history.malformedByReason(), s.deadLettersByReason());
  }

  @Test
  void clickHouseGoingAwayMidStreamLosesAndDoublesNothing() throws Exception {
    Assumptions.assumeTrue(
        run.clickhouse().isManaged(),
        "needs a ClickHouse this test can stop (CLICKHOUSE_URL is set)");
    Scenario s =
        new Scenario(
            "outage",
            20_000,
            13,
            "kafka.bounded=false",
            "clickhouse.max-backoff=1s",
            "checkpoints.interval=1s");
    int half = s.history.records().size() / 2;
    s.history.produce(run.kafka().bootstrapServers(), 0, half);

    StreamExecutionEnvironment env = JobEnvironment.create(s.config);
    IngestJob.production(s.config, run.phoneHasher()).attachTo(env);
    JobClient job = env.executeAsync("clickhouse outage");
    try {
      waitFor(
          () -> run.count("SELECT count() FROM " + s.db + ".events") > 0,
          Duration.ofMinutes(2),
          () -> "no event reached ClickHouse");
      run.clickhouse().stop();
      // Produced while ClickHouse is down: the sink must hold these and retry.
      s.history.produce(run.kafka().bootstrapServers(), half, s.history.records().size());
      Thread.sleep(4_000);
      run.clickhouse().startAgain();
      long expected = s.history.validDistinct();
      waitFor(
          () ->
              run.count("SELECT count() FROM " + s.db + ".events FINAL") >= expected
                  && run.count("SELECT count() FROM " + s.db + ".dead_letters FINAL")
                      >= s.history.malformed(),
          Duration.ofMinutes(3),
          () ->
              "events FINAL "
                  + run.count("SELECT count() FROM " + s.db + ".events FINAL")
                  + " of "
                  + expected
                  + ", raw "
                  + run.count("SELECT count() FROM " + s.db + ".events")
                  + "; dead letters FINAL "
                  + run.count("SELECT count() FROM " + s.db + ".dead_letters FINAL")
                  + " of "
                  + s.history.malformed());
      Thread.sleep(2_000); // anything still in flight would show as an extra row now
    } finally {
      job.cancel().get();
    }
    s.assertExactlyOnce();
    assertEquals(s.history.malformedByReason(), s.deadLettersByReason());
  }

  /** One test's generated history, topics, database and job configuration. */
  private static final class Scenario {
    final String db;
    final GeneratedHistory history;
    final JobConfig config;
    final String deadLetterTopic;

    Scenario(String name, int events, long seed, String... overrides) throws Exception {
      db = "it_" + name;
      String prefix = name + "-";
      deadLetterTopic = prefix + "dead-letters";
      history = GeneratedHistory.generate(2_000, events, seed, 0.03, prefix);
      run.kafka().createTopics(3, prefix + "scan", prefix + "purchase", prefix + "interaction");
      run.kafka().createTopics(1, deadLetterTopic);
      String[] base = {
        "kafka.bounded=true",
        "kafka.group-id=it-" + name,
        "kafka.topics.scan=" + prefix + "scan",
        "kafka.topics.purchase=" + prefix + "purchase",
        "kafka.topics.interaction=" + prefix + "interaction",
        "kafka.topics.dead-letters=" + deadLetterTopic,
        "clickhouse.batch-size=1000",
        "clickhouse.flush-interval=200ms",
        "checkpoints.interval=1s"
      };
      String[] all = new String[base.length + overrides.length];
      System.arraycopy(base, 0, all, 0, base.length);
      System.arraycopy(overrides, 0, all, base.length, overrides.length);
      config = run.jobConfig(db, all);
      SchemaApplier.apply(config.clickhouse());
    }

    /** Each distinct valid event exactly once, per stream, and no (stream, event_id) twice. */
    void assertExactlyOnce() {
      for (String stream : new String[] {"scan", "purchase", "interaction"}) {
        assertEquals(
            history.validDistinct(stream),
            run.count(
                "SELECT count() FROM " + db + ".events FINAL WHERE stream = '" + stream + "'"),
            stream);
      }
      assertEquals(
          0,
          run.count("SELECT count() - uniqExact(stream, event_id) FROM " + db + ".events FINAL"),
          "no event twice");
    }

    Map<String, Long> deadLettersByReason() {
      return new TreeMap<>(
          Summary.grouped(
              run, "SELECT reason, count() FROM " + db + ".dead_letters FINAL GROUP BY reason"));
    }

    /** Distinct record keys (source coordinates) on the dead-letter topic. */
    Set<String> deadLetterTopicKeys() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().bootstrapServers());
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + db);
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      Set<String> keys = new HashSet<>();
      try (KafkaConsumer<String, byte[]> c =
          new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
        c.subscribe(java.util.List.of(deadLetterTopic));
        long idleSince = System.nanoTime();
        while (System.nanoTime() - idleSince < 3_000_000_000L) {
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
            keys.add(r.key());
            idleSince = System.nanoTime();
          }
        }
      }
      return keys;
    }
  }

  private static void waitFor(Check check, Duration timeout, Supplier<String> state)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (check.ok()) {
          return;
        }
      } catch (RuntimeException unavailable) {
        // ClickHouse restarting; ask again.
      }
      Thread.sleep(250);
    }
    throw new AssertionError("condition not met within " + timeout + ": " + state.get());
  }

  @FunctionalInterface
  private interface Check {
    boolean ok() throws Exception;
  }
}
