package io.siyu.e2e;

import io.siyu.jobs.IdentityJob;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.ProfileJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import io.siyu.localstack.LocalKafka;
import io.siyu.udf.PhoneHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures journey latency — event produced → trigger readable by a read_committed consumer — in
 * both delivery modes, on a local Kafka broker and a Flink mini cluster (parallelism 2, RocksDB,
 * the job's ingestion + profile + journeys; ClickHouse sinks left out, they are not on the path).
 *
 * <p>Live traffic: every 20 ms a new customer accepts an invite and 100 ms later makes a first
 * purchase (which fires the referral reward at once: an event-caused trigger), and every partition
 * gets a page view, so that the watermark keeps up with the wall clock. Latency = read time -
 * produce time of the purchase. {@code --background-rate R} adds R records/s of other customers'
 * page views, scans and refunds (50,000 customers), to measure latency under load. Run: {@code
 * bin/journey-latency [--seconds N] [--checkpoint-interval D] [--out-of-orderness D]
 * [--background-rate R] [--buffer-timeout-ms T]}.
 */
public final class JourneyLatency {
  private static final String[] INPUTS = {"lat-scan", "lat-purchase", "lat-interaction"};

  private JourneyLatency() {}

  public static void main(String[] args) throws Exception {
    int seconds = 40;
    String checkpoint = "1s";
    String outOfOrderness = "200ms";
    int backgroundRate = 0;
    long bufferTimeoutMs = -1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--checkpoint-interval" -> checkpoint = args[++i];
        case "--out-of-orderness" -> outOfOrderness = args[++i];
        case "--background-rate" -> backgroundRate = Integer.parseInt(args[++i]);
        case "--buffer-timeout-ms" -> bufferTimeoutMs = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("siyu-latency");
    try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(3, INPUTS);
      kafka.createTopics(1, "lat-dead-letters");
      kafka.createTopics(3, "lat-profile-updates");
      List<String> report = new ArrayList<>();
      for (String mode : new String[] {"exactly-once", "at-least-once"}) {
        String topic = "lat-triggers-" + mode;
        kafka.createTopics(3, topic);
        JobConfig config = config(kafka, dir, mode, topic, checkpoint, outOfOrderness);
        report.add(measure(kafka, config, mode, topic, seconds, backgroundRate, bufferTimeoutMs));
      }
      System.out.println();
      System.out.println(
          "Journey latency, event produced -> trigger readable (read_committed), "
              + seconds
              + " s of live traffic per mode, checkpoints every "
              + checkpoint
              + ", watermark out-of-orderness "
              + outOfOrderness
              + ", parallelism 2:");
      report.forEach(System.out::println);
    }
  }

  private static JobConfig config(
      LocalKafka kafka, Path dir, String mode, String topic, String checkpoint, String ooo) {
    List<String> args =
        new ArrayList<>(
            List.of("--config", ConfigLoader.projectDir().resolve("conf/local.yaml").toString()));
    for (String set :
        List.of(
            "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "kafka.starting-offsets=latest",
            "kafka.group-id=lat-" + mode,
            "kafka.topics.scan=" + INPUTS[0],
            "kafka.topics.purchase=" + INPUTS[1],
            "kafka.topics.interaction=" + INPUTS[2],
            "kafka.topics.dead-letters=lat-dead-letters",
            "kafka.topics.profile-updates=lat-profile-updates",
            "watermarks.max-out-of-orderness=" + ooo,
            "watermarks.idle-timeout=5s",
            "checkpoints.interval=" + checkpoint,
            "checkpoints.directory=" + dir.resolve("checkpoints-" + mode).toUri(),
            "journeys.delivery=" + mode,
            "journeys.topic=" + topic,
            "journeys.transactional-id-prefix=lat-" + mode,
            "parallelism=2")) {
      args.add("--set");
      args.add(set);
    }
    return new ConfigLoader().load(args.toArray(String[]::new), Map.of());
  }

  private static String measure(
      LocalKafka kafka,
      JobConfig config,
      String mode,
      String topic,
      int seconds,
      int background,
      long bufferTimeoutMs)
      throws Exception {
    PhoneHasher hasher = new PhoneHasher("latency-benchmark-salt-0123456789".getBytes());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    if (bufferTimeoutMs >= 0) {
      // How long a network buffer may wait to fill before it is sent (Flink's default: 100 ms,
      // paid at every shuffle on the path when traffic is light).
      env.setBufferTimeout(bufferTimeoutMs);
    }
    DataStream<CustomerEvent> events =
        new IngestJob(
                KafkaSources.ingest(config, hasher),
                KafkaSources.watermarks(config),
                KafkaSources.gate(config),
                new DiscardingSink<>(),
                Map.of(),
                Map.of())
            .attachTo(env);
    IdentityJob.Streams identities = new IdentityJob(config, Map.of()).attachTo(events);
    ProfileJob.Streams profiles =
        new ProfileJob(config, Map.of(), Map.of(), Map.of()).attach(identities.messages());
    SiyuJob.attachJourneys(
        new JourneyJob(config, Map.of("kafka", Sinks.campaignTriggers(config)), Map.of(), Map.of()),
        identities,
        profiles);
    JobClient job = env.executeAsync("journey latency " + mode);
    Map<String, Long> producedAt = new ConcurrentHashMap<>();
    List<Long> latencies = new ArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();
    long trafficStart = System.currentTimeMillis() + 5_000;
    Thread traffic =
        new Thread(() -> traffic(kafka, mode, producedAt, stop, background, produced), "traffic");
    try (TriggerTopic triggers = new TriggerTopic(kafka.bootstrapServers(), topic)) {
      Thread.sleep(5_000); // the job starts and reads from the latest offsets
      traffic.start();
      long warmUpEnd = System.currentTimeMillis() + 5_000;
      long end = System.currentTimeMillis() + seconds * 1000L + 5_000;
      while (System.currentTimeMillis() < end + 5_000) {
        if (System.currentTimeMillis() > end) {
          stop.set(true);
        }
        for (TriggerTopic.Read r : triggers.poll(Duration.ofMillis(100))) {
          String order = r.trigger().at("/context/order_id").asText();
          Long sent = producedAt.get(order);
          if (sent != null && sent > warmUpEnd) {
            latencies.add(r.readAt() - sent);
          }
        }
      }
    } finally {
      stop.set(true);
      traffic.join();
      job.cancel().get();
    }
    latencies.sort(null);
    if (latencies.isEmpty()) {
      return String.format("  %-14s no trigger read", mode);
    }
    double rate = produced.get() * 1000.0 / (System.currentTimeMillis() - trafficStart);
    return String.format(
        "  %-14s %,.0f records/s in  n=%d  p50 %d ms  p99 %d ms  max %d ms",
        mode,
        rate,
        latencies.size(),
        latencies.get(latencies.size() / 2),
        latencies.get((int) Math.min(latencies.size() - 1, Math.round(latencies.size() * 0.99))),
        latencies.get(latencies.size() - 1));
  }

  /**
   * Invites and first purchases of new customers, page views on every partition, and {@code
   * background} records/s of other customers' page views, scans and refunds of unknown orders.
   */
  private static void traffic(
      LocalKafka kafka,
      String mode,
      Map<String, Long> producedAt,
      AtomicBoolean stop,
      int background,
      java.util.concurrent.atomic.AtomicLong produced) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<String[]> due = new ArrayList<>(); // {member, order, dueAt}
      java.util.Random random = new java.util.Random(42);
      long start = System.currentTimeMillis();
      long backgroundSent = 0;
      for (int i = 0; !stop.get(); i++) {
        long now = System.currentTimeMillis();
        for (long due2 = (now - start) * background / 1000; backgroundSent < due2; ) {
          int j = (int) (backgroundSent++ % 3);
          String member = "B-" + random.nextInt(50_000);
          String id = "bg-" + mode + "-" + backgroundSent;
          String common = TestEvents.common(id, now, member);
          send(
              producer,
              INPUTS[j],
              random.nextInt(3),
              member,
              "{"
                  + (j == 0
                      ? common + ",\"code\":\"C-" + random.nextInt(1_000_000) + "\""
                      : j == 1
                          ? common
                              + ",\"order_id\":\""
                              + id
                              + "\",\"status\":\"refunded\",\"amount\":0"
                          : common + ",\"type\":\"page_view\"")
                  + "}");
          produced.incrementAndGet();
        }
        String member = "L-" + mode + "-" + i;
        produced.addAndGet(2 + 9); // the invitation, the purchase below, nine ticks
        send(
            producer,
            INPUTS[2],
            i % 3,
            member,
            "{"
                + TestEvents.common("inv-" + member, now, member)
                + ",\"type\":\"invite_accept\",\"referrer_ids\":{\"member_id\":\"R-"
                + member
                + "\"}}");
        due.add(new String[] {member, "O-" + member, String.valueOf(now + 100)});
        while (!due.isEmpty() && Long.parseLong(due.get(0)[2]) <= now) {
          String[] d = due.remove(0);
          long at = System.currentTimeMillis();
          producedAt.put(d[1], at);
          send(
              producer,
              INPUTS[1],
              i % 3,
              d[0],
              "{"
                  + TestEvents.common("pay-" + d[0], at, d[0])
                  + ",\"order_id\":\""
                  + d[1]
                  + "\",\"status\":\"paid\",\"amount\":10}");
        }
        for (String topic : INPUTS) {
          for (int partition = 0; partition < 3; partition++) {
            String id = "tick-" + topic + "-" + partition + "-" + i;
            send(producer, topic, partition, "tick", TestEvents.tick(topic, id, now));
          }
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends one record (a JSON object) with the Kafka timestamp now. */
  private static void send(
      KafkaProducer<String, String> producer,
      String topic,
      int partition,
      String key,
      String body) {
    producer.send(new ProducerRecord<>(topic, partition, System.currentTimeMillis(), key, body));
  }
}
