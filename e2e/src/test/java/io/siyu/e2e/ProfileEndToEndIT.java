package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.IdentityJob;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.ProfileJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The main job (ingestion + profile) on a mini cluster at parallelism 2 with real Kafka and
 * ClickHouse, over 200 simulated days so that customers age through AT_RISK and DORMANT: every
 * customer's canonical id (OneID), stage, RFM segment, order counts and social value (invites
 * accepted, invitees who bought) in ClickHouse equal an independent computation from the same
 * records ({@link ReferenceProfiles}), and so does every identifier's canonical id in the identity
 * map.
 *
 * <p>To know the final watermark exactly, one last record at time END goes to every partition of
 * every topic; the job runs unbounded until ClickHouse stops changing, so the watermark END - 30 s
 * - 1 ms has been reached (a bounded run could end before its last periodic watermark).
 */
class ProfileEndToEndIT extends EndToEndTestBase {

  @Test
  void everyCustomersStageAndRfmSegmentMatchAnIndependentComputation() throws Exception {
    runAndCompare("profile-", "it_profile", false);
  }

  /**
   * The same, with the job failing once mid-stream, after a checkpoint: it restarts from it —
   * identity graph, identifier histories and profiles restored together, and the rows of the failed
   * attempt's unfinished checkpoint never written — and ClickHouse ends up exactly as without the
   * failure.
   */
  @Test
  void aFailureMidStreamChangesNoProfile() throws Exception {
    int failuresBefore = FailOnceSink.FAILURES.get();
    runAndCompare("profile-failover-", "it_profile_failover", true);
    assertEquals(failuresBefore + 1, FailOnceSink.FAILURES.get(), "the job failed once on purpose");
  }

  private void runAndCompare(String prefix, String db, boolean failOnce) throws Exception {
    GeneratorConfig generator =
        GeneratorConfig.defaults()
            .withCustomers(1_500)
            .withEvents(15_000)
            .withSeed(21)
            .withDays(200)
            .withMalformedShare(0.01)
            .withTopics(prefix + "scan", prefix + "purchase", prefix + "interaction");
    GeneratedHistory history = new GeneratedHistory(EventGenerator.generateAll(generator));
    String[] topics = {prefix + "scan", prefix + "purchase", prefix + "interaction"};
    run.kafka().createTopics(3, topics);
    run.kafka().createTopics(1, prefix + "dead-letters");
    run.kafka().createTopics(3, prefix + "profile-updates");
    run.kafka().createTopics(3, prefix + "campaign-triggers");
    history.produceAll(run.kafka().bootstrapServers());
    long end =
        history.records().stream().mapToLong(GeneratedRecord::kafkaTimestamp).max().orElseThrow()
            + 60_000;
    produceEndMarkers(topics, end);

    JobConfig config =
        run.jobConfig(
            db,
            "kafka.group-id=it-" + prefix,
            "kafka.topics.scan=" + topics[0],
            "kafka.topics.purchase=" + topics[1],
            "kafka.topics.interaction=" + topics[2],
            "kafka.topics.dead-letters=" + prefix + "dead-letters",
            "kafka.topics.profile-updates=" + prefix + "profile-updates",
            "journeys.topic=" + prefix + "campaign-triggers",
            "journeys.transactional-id-prefix=it-" + prefix + "journeys",
            "clickhouse.flush-interval=200ms",
            "checkpoints.interval=" + (failOnce ? "300ms" : "1s"));
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    if (failOnce) {
      // The failure is injected in the events sink: one region, so the whole job restarts.
      DataStream<CustomerEvent> events =
          new IngestJob(
                  KafkaSources.ingest(config, run.phoneHasher()),
                  KafkaSources.watermarks(config),
                  KafkaSources.gate(config),
                  new FailOnceSink<>(Sinks.events(config), 2_000),
                  Map.of("clickhouse", Sinks.deadLetterTable(config)),
                  Map.of())
              .attachTo(env);
      ProfileJob.production(config).attachTo(IdentityJob.production(config).attachTo(events));
    } else {
      SiyuJob.attachProduction(env, config, run.phoneHasher());
    }
    JobClient job = env.executeAsync("profile end to end");

    long finalWatermark = end - config.watermarks().maxOutOfOrderness().toMillis() - 1;
    Map<String, ReferenceProfiles.Expected> expected =
        ReferenceProfiles.compute(history.records(), run.phoneHasher(), finalWatermark);
    Map<String, ReferenceProfiles.Expected> actual;
    try {
      actual = settledProfiles(db, expected.size());
    } finally {
      job.cancel().get();
    }

    assertTrue(
        expected.values().stream().anyMatch(e -> e.stage().equals("DORMANT"))
            && expected.values().stream().anyMatch(e -> e.stage().equals("AT_RISK")),
        "the history is long enough to age customers");
    assertEquals(expected.keySet(), actual.keySet(), "the same customers");
    Map<String, String> differences = new TreeMap<>();
    expected.forEach(
        (k, e) -> {
          if (!e.equals(actual.get(k))) {
            differences.put(k, "expected " + e + " got " + actual.get(k));
          }
        });
    assertEquals(Map.of(), differences);

    // OneID: every identifier maps to the reference's canonical id in ClickHouse's identity map.
    Map<String, String> canonical =
        ReferenceProfiles.canonicalIds(history.records(), run.phoneHasher());
    Map<String, String> mapped = new TreeMap<>();
    for (String line :
        run.clickhouse()
            .query("SELECT id, canonical_id FROM " + db + ".v_identity WHERE id NOT LIKE 'm:end-%'")
            .split("\n")) {
      if (!line.isBlank()) {
        mapped.put(line.split("\t")[0], line.split("\t")[1]);
      }
    }
    assertEquals(new TreeMap<>(canonical), mapped, "identifier → canonical id");
    assertTrue(
        canonical.values().stream().distinct().count() < canonical.size(),
        "the history links identifiers (bind_member, orders with a phone)");
  }

  /**
   * Waits until ClickHouse holds as many current customers as expected and has stopped changing for
   * three seconds (rows land once per checkpoint, in bursts), then reads the profiles (end markers
   * excluded). After three minutes it reads whatever is there, so that a failure shows the
   * differences.
   */
  private Map<String, ReferenceProfiles.Expected> settledProfiles(String db, int customers)
      throws Exception {
    String fingerprint = "";
    int stableFor = 0;
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (stableFor < 6 && System.nanoTime() < deadline) {
      Thread.sleep(500);
      String now =
          run.clickhouse()
              .query(
                  "SELECT countIf(merged_into = '' AND customer_key NOT LIKE 'm:end-%'),"
                      + " count(), sum(version) FROM "
                      + db
                      + ".customer_profile FINAL")
              .trim();
      long current = Long.parseLong(now.split("\t")[0]);
      stableFor = now.equals(fingerprint) && current == customers ? stableFor + 1 : 0;
      fingerprint = now;
    }
    Map<String, ReferenceProfiles.Expected> out = new TreeMap<>();
    for (String line :
        run.clickhouse()
            .query(
                "SELECT customer_key, stage, rfm_segment, lifetime_orders, window_orders,"
                    + " invites_accepted, invitees_bought"
                    + " FROM "
                    + db
                    + ".v_customer_profile WHERE customer_key NOT LIKE 'm:end-%'")
            .split("\n")) {
      if (!line.isBlank()) {
        String[] c = line.split("\t");
        out.put(
            c[0],
            new ReferenceProfiles.Expected(
                c[1],
                c[2],
                Long.parseLong(c[3]),
                Long.parseLong(c[4]),
                Long.parseLong(c[5]),
                Long.parseLong(c[6])));
      }
    }
    return out;
  }

  /** One valid record at time {@code end} on every partition of every topic. */
  private static void produceEndMarkers(String[] topics, long end) throws Exception {
    EndMarkers.produce(run.kafka().bootstrapServers(), topics, 3, end);
  }
}
