package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.schema.SchemaApplier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * An upgrade through a savepoint: the job runs with the journey file minus {@code welcome}, a cart
 * is added (an open cart-abandoned partial match), the job stops with a savepoint; the upgraded job
 * — with {@code welcome} added — restores from it, time moves on, and the cart-abandoned trigger
 * fires from the restored state (the restored job never reads the cart add again: the source
 * resumes after it).
 */
class JourneyUpgradeIT extends EndToEndTestBase {
  private static final String PREFIX = "upgrade-";
  private static final String[] TOPICS = {
    PREFIX + "scan", PREFIX + "purchase", PREFIX + "interaction"
  };
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long HOUR = 3_600_000L;

  @Test
  void addingAJourneyAndRestoringFromASavepointKeepsTheOtherJourneysPartialMatches()
      throws Exception {
    run.kafka().createTopics(3, TOPICS);
    String triggers = PREFIX + "campaign-triggers";
    run.kafka().createTopics(3, triggers);
    Path savepoints = run.dir().resolve("upgrade-savepoints");

    produce(produceList(cart("up-a", T0)));
    produce(ticks(T0 + HOUR));
    JobConfig before = config(JourneyFiles.without("welcome", dir), triggers);
    SchemaApplier.apply(before.clickhouse());
    JobClient first = start(before, null);
    Thread.sleep(8_000); // read, checkpoint at least once
    String savepoint = stopWithSavepoint(first, savepoints);

    JobConfig after =
        config(ConfigLoader.projectDir().resolve("conf/journeys.yaml").toString(), triggers);
    JobClient second = start(after, savepoint);
    List<String> fired = new ArrayList<>();
    try (TriggerTopic topic = new TriggerTopic(run.kafka().bootstrapServers(), triggers)) {
      produce(ticks(T0 + 3 * HOUR)); // the watermark passes T0 + 2h: the cart times out
      // Until the trigger came and then 3 s more, so that a second one would show.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (TriggerTopic.Read r : topic.poll(Duration.ofMillis(500))) {
          fired.add(summary(r.trigger()));
          quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        }
      }
    } finally {
      second.cancel().get();
    }
    assertEquals(List.of("cart-abandoned m:up-a cart-up-a"), fired);
  }

  /**
   * Stops the job with a savepoint, retrying while some of its tasks are still being deployed (a
   * busy machine can take longer than the sleep above to start them all).
   */
  private static String stopWithSavepoint(JobClient job, Path savepoints) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        return job.stopWithSavepoint(
                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get();
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline
            || !String.valueOf(e.getMessage()).contains("not being executed")) {
          throw e;
        }
        Thread.sleep(1_000);
      }
    }
  }

  private static String summary(JsonNode t) {
    return t.get("journey").asText()
        + " "
        + t.get("customer_id").asText()
        + " "
        + t.at("/entry/event_id").asText();
  }

  private JobClient start(JobConfig config, String savepoint) throws Exception {
    Configuration conf = JobEnvironment.flinkConfiguration(config);
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(config.parallelism());
    SiyuJob.attachProduction(env, config, run.phoneHasher());
    return env.executeAsync("journeys upgrade" + (savepoint == null ? "" : " (restored)"));
  }

  private static JobConfig config(String journeys, String triggers) {
    return run.jobConfig(
        "it_upgrade",
        "kafka.group-id=it-upgrade",
        "kafka.topics.scan=" + TOPICS[0],
        "kafka.topics.purchase=" + TOPICS[1],
        "kafka.topics.interaction=" + TOPICS[2],
        "journeys.definitions=" + journeys,
        "journeys.topic=" + triggers,
        "journeys.transactional-id-prefix=it-upgrade",
        "journeys.transaction-timeout=1min",
        "checkpoints.interval=500ms");
  }

  private static String[] cart(String member, long ts) {
    String json =
        "{"
            + TestEvents.common("cart-" + member, ts, member)
            + ",\"type\":\"add_to_cart\",\"sku\":\"S1\"}";
    return new String[] {TOPICS[2], "0", member, json};
  }

  /** A record on every partition of every topic at {@code ts}: moves the watermark there. */
  private static List<String[]> ticks(long ts) {
    List<String[]> out = new ArrayList<>();
    for (String topic : TOPICS) {
      for (int p = 0; p < 3; p++) {
        out.add(
            new String[] {
              topic, String.valueOf(p), "tick", TestEvents.tick(topic, "tick-" + topic + p + ts, ts)
            });
      }
    }
    return out;
  }

  private static void produce(List<String[]> records) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (String[] r : records) {
        // The Kafka timestamp is "now", as a live producer would set it (event times are
        // simulated).
        producer
            .send(
                new ProducerRecord<>(
                    r[0], Integer.parseInt(r[1]), System.currentTimeMillis(), r[2], r[3]))
            .get();
      }
    }
  }

  private static List<String[]> produceList(String[] one) {
    List<String[]> list = new ArrayList<>();
    list.add(one);
    return list;
  }
}
