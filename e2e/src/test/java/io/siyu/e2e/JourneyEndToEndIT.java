package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.IdentityJob;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.ProfileJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The main job's journeys end to end on a mini cluster at parallelism 2, real Kafka and ClickHouse:
 * from a generated history of 120 days, the trigger ids read from the campaign-trigger topic with
 * read_committed equal the ids {@link ReferenceJourneys} computes from the same records, each read
 * once — also when the job fails mid-stream and restarts from its last checkpoint (exactly-once
 * delivery). The trigger log and the conversion view in ClickHouse agree.
 *
 * <p>Every person carries one identifier ({@link SettledIdentities}), so the job's canonical ids
 * and the reference's keys (the strongest id) coincide and no merge happens mid-journey. The job
 * runs unbounded; end markers on every partition put the final watermark at {@code end - 11 min - 1
 * ms}: the out-of-orderness is 11 minutes because the generator delays out-of-order records by up
 * to 10, so no original event is late and the reference needs no model of lateness. Re-sent
 * duplicates of older records are late and must all appear in {@code journey_late_events}.
 */
// The failure run second: a job cancelled after a restart can hold its slots for a while.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneyEndToEndIT extends EndToEndTestBase {
  private static final String PREFIX = "journey-";
  private static final String[] TOPICS = {
    PREFIX + "scan", PREFIX + "purchase", PREFIX + "interaction"
  };
  private static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(11);

  private static List<GeneratedRecord> records;
  private static long end;

  @BeforeAll
  static void produceHistory() throws Exception {
    GeneratorConfig generator =
        GeneratorConfig.defaults()
            .withCustomers(Integer.getInteger("it.customers", 1_500))
            .withEvents(Integer.getInteger("it.events", 20_000))
            .withSeed(44)
            .withDays(120)
            .withMalformedShare(0.01)
            .withTopics(TOPICS[0], TOPICS[1], TOPICS[2]);
    // One identifier per person (see SettledIdentities): no merge in the middle of a journey.
    GeneratedHistory history =
        new GeneratedHistory(
            SettledIdentities.rewrite(EventGenerator.generateAll(generator), run.phoneHasher()));
    records = history.records();
    run.kafka().createTopics(3, TOPICS);
    history.produceAll(run.kafka().bootstrapServers());
    end = records.stream().mapToLong(GeneratedRecord::kafkaTimestamp).max().orElseThrow() + 60_000;
    EndMarkers.produce(run.kafka().bootstrapServers(), TOPICS, 3, end);
  }

  @Test
  @Order(1)
  void theTriggersReadCommittedEqualAnIndependentComputation() throws Exception {
    check("eo", false);
  }

  @Test
  @Order(2)
  void aFailureMidStreamRestartsFromTheCheckpointWithoutLosingOrDoublingTriggers()
      throws Exception {
    int failuresBefore = FailOnceSink.FAILURES.get();
    check("failover", true);
    assertEquals(failuresBefore + 1, FailOnceSink.FAILURES.get(), "the job failed once on purpose");
  }

  private void check(String name, boolean injectFailure) throws Exception {
    String db = "it_journeys_" + name;
    String triggerTopic = PREFIX + name + "-campaign-triggers";
    run.kafka().createTopics(3, triggerTopic);
    JobConfig config =
        run.jobConfig(
            db,
            "kafka.group-id=it-journeys-" + name,
            "kafka.topics.scan=" + TOPICS[0],
            "kafka.topics.purchase=" + TOPICS[1],
            "kafka.topics.interaction=" + TOPICS[2],
            "watermarks.max-out-of-orderness=11min",
            "journeys.definitions=" + JourneyFiles.without("win-back", dir),
            "journeys.topic=" + triggerTopic,
            "journeys.transactional-id-prefix=it-journeys-" + name,
            "journeys.transaction-timeout=" + System.getProperty("it.txn-timeout", "1min"),
            "clickhouse.flush-interval=200ms",
            "checkpoints.interval=500ms");
    long finalWatermark = end - OUT_OF_ORDERNESS.toMillis() - 1;
    ReferenceJourneys.Result expected =
        ReferenceJourneys.compute(records, run.phoneHasher(), finalWatermark);
    Map<String, Long> perJourney = new TreeMap<>();
    expected.sent().forEach(t -> perJourney.merge(t.journey(), 1L, Long::sum));
    assertEquals(6, perJourney.size(), "the history fires every journey: " + perJourney);

    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    DataStream<CustomerEvent> events =
        IngestJob.production(config, run.phoneHasher()).attachTo(env);
    SingleOutputStreamOperator<IdentityMessage> identities =
        IdentityJob.production(config).attachTo(events);
    SingleOutputStreamOperator<ProfileUpdate> profiles =
        ProfileJob.production(config).attachTo(identities);
    JourneyJob journeys =
        injectFailure
            ? new JourneyJob(
                config,
                Map.of("kafka", Sinks.campaignTriggers(config)),
                Map.of(
                    "clickhouse",
                    new FailOnceSink<JourneyTrigger>(
                        Sinks.journeyTriggers(config), Math.min(50, expected.sent().size() / 10))),
                Map.of("clickhouse", Sinks.journeyLateEvents(config)))
            : JourneyJob.production(config);
    SiyuJob.attachJourneys(journeys, identities, profiles);
    JobClient job = env.executeAsync("journeys end to end: " + name);

    List<String> read = new ArrayList<>();
    Map<String, String> json = new TreeMap<>();
    try (TriggerTopic topic = new TriggerTopic(run.kafka().bootstrapServers(), triggerTopic)) {
      long deadline =
          System.nanoTime()
              + Duration.ofSeconds(Integer.getInteger("it.wait-seconds", 240)).toNanos();
      int quietPolls = 0;
      while (quietPolls < 12 || read.size() < expected.sent().size()) {
        if (System.nanoTime() > deadline) {
          break;
        }
        List<TriggerTopic.Read> batch = topic.poll(Duration.ofMillis(500));
        batch.forEach(
            r -> {
              read.add(r.triggerId());
              json.put(r.triggerId(), r.trigger().toString());
            });
        quietPolls = batch.isEmpty() ? quietPolls + 1 : 0;
      }
    } finally {
      job.cancel().get();
      awaitTerminal(job);
    }

    Set<String> actual = new HashSet<>(read);
    assertEquals(actual.size(), read.size(), "no trigger read twice");
    Set<String> missing = new TreeSet<>(expected.ids());
    missing.removeAll(actual);
    Set<String> extra = new TreeSet<>(actual);
    extra.removeAll(expected.ids());
    assertTrue(
        missing.isEmpty() && extra.isEmpty(),
        "read "
            + actual.size()
            + " (log rows "
            + run.count("SELECT count() FROM " + db + ".journey_triggers")
            + ", topic end offsets "
            + endOffsets(triggerTopic)
            + ", missing ids in the topic read uncommitted "
            + countIn(triggerTopic, missing)
            + ", late events "
            + run.count("SELECT count() FROM " + db + ".journey_late_events")
            + ", events "
            + run.count("SELECT count() FROM " + db + ".events")
            + ", transitions "
            + run.count("SELECT count() FROM " + db + ".lifecycle_transitions")
            + ")"
            + " of "
            + expected.sent().size()
            + " expected; missing per journey "
            + perJourney(expected, missing)
            + " e.g. "
            + describe(expected, missing)
            + "; unexpected: "
            + extra.size()
            + " e.g. "
            + extra.stream().limit(3).map(json::get).toList());

    // The trigger log holds the sent ones (and the capped ones); the view counts conversions.
    assertEquals(
        expected.ids().size(),
        run.count("SELECT count() FROM " + db + ".journey_triggers FINAL WHERE status = 'sent'"));
    Map<String, Long> converted = new TreeMap<>();
    for (String line :
        run.clickhouse()
            .query(
                "SELECT journey_id, sum(converted) FROM "
                    + db
                    + ".v_journey_conversion GROUP BY journey_id")
            .split("\n")) {
      if (!line.isBlank()) {
        String[] c = line.split("\t");
        converted.put(c[0], Long.parseLong(c[1]));
      }
    }
    assertEquals(expected.conversions(), converted, "conversions within 7 days per journey");
    Set<String> duplicates = new HashSet<>();
    records.stream().filter(GeneratedRecord::duplicate).forEach(r -> duplicates.add(r.eventId()));
    for (String id :
        run.clickhouse().query("SELECT event_id FROM " + db + ".journey_late_events").split("\n")) {
      assertTrue(id.isBlank() || duplicates.contains(id), "a late event that is no re-send: " + id);
    }
  }

  /** The records in the topic, committed or not: tells a stuck transaction from no output. */
  private static long endOffsets(String topic) {
    try (RawTopic raw = new RawTopic(topic)) {
      return raw.consumer.endOffsets(raw.partitions).values().stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }

  /**
   * How many of {@code ids} are in the topic at all, read uncommitted (aborted transactions
   * included): tells lost triggers (never written) from unreadable ones (in an open or aborted
   * transaction).
   */
  private static long countIn(String topic, Set<String> ids) {
    Set<String> found = new HashSet<>();
    try (RawTopic raw = new RawTopic(topic)) {
      raw.consumer.assign(raw.partitions);
      raw.consumer.seekToBeginning(raw.partitions);
      for (int empty = 0; empty < 3; ) {
        var records = raw.consumer.poll(Duration.ofMillis(500));
        empty = records.isEmpty() ? empty + 1 : 0;
        records.forEach(
            r -> {
              for (String id : ids) {
                if (r.value().contains(id)) {
                  found.add(id);
                }
              }
            });
      }
    }
    return found.size();
  }

  /** A plain consumer of every partition of a topic (read uncommitted: Kafka's default). */
  private static final class RawTopic implements AutoCloseable {
    final org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer;
    final List<org.apache.kafka.common.TopicPartition> partitions;

    RawTopic(String topic) {
      java.util.Properties p = new java.util.Properties();
      p.put("bootstrap.servers", run.kafka().bootstrapServers());
      consumer =
          new org.apache.kafka.clients.consumer.KafkaConsumer<>(
              p,
              new org.apache.kafka.common.serialization.StringDeserializer(),
              new org.apache.kafka.common.serialization.StringDeserializer());
      partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
              .toList();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static Map<String, Long> perJourney(ReferenceJourneys.Result expected, Set<String> ids) {
    Map<String, Long> out = new TreeMap<>();
    expected.sent().stream()
        .filter(t -> ids.contains(t.id()))
        .forEach(t -> out.merge(t.journey(), 1L, Long::sum));
    return out;
  }

  private static String describe(ReferenceJourneys.Result expected, Set<String> ids) {
    return expected.sent().stream().filter(t -> ids.contains(t.id())).limit(3).toList().toString();
  }
}
