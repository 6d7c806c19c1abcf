package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.e2e.ReferenceJourneys.Item;
import io.siyu.e2e.ReferenceJourneys.Journey;
import io.siyu.e2e.ReferenceJourneys.Merge;
import io.siyu.e2e.ReferenceJourneys.Trigger;
import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The main job's journeys end to end on a mini cluster at parallelism 2, real Kafka and ClickHouse,
 * on the raw generated history: {@code bind_member} links, referrer ids as produced, out-of-order
 * records and re-sends, malformed records; the shipped {@code conf/journeys.yaml} (win-back
 * included) and the default {@code watermarks.max-out-of-orderness} (30 s, so many out-of-order
 * records are late). The job is a bounded replay ({@code kafka.bounded=true}, no end markers) that
 * finishes by itself; event time ends at the smallest partition watermark.
 *
 * <p>Compared with an independent computation from the records as Kafka holds them ({@link
 * ReferenceJourneys}, on top of {@link ReferenceProfiles}' event time, identity resolution and
 * lifecycle paths; its javadoc lists the rules):
 *
 * <ul>
 *   <li>the sent triggers read from the trigger topic with {@code read_committed}, each once: their
 *       ids, journey, recipient, subject, firing time and entry event;
 *   <li>the trigger log {@code journey_triggers} (sent and capped, with the cap reason);
 *   <li>{@code journey_late_events} (customer, event id);
 *   <li>the conversions per journey in {@code v_journey_conversion}.
 * </ul>
 *
 * <p>Both as is and with a failure injected mid-stream (in the trigger-log sink, after a
 * checkpoint): the job restarts from its last checkpoint and must end with exactly the same outputs
 * (exactly-once delivery of the topic). The history must be rich: every journey sends, customers
 * merge, journeys end by a merge, triggers go to customers who absorbed another, some triggers are
 * held back by a cooldown and by the daily cap. On a difference, the message gives per journey the
 * counts of each side and the first differing triggers of each side, with the subject's journey
 * input around them; everything goes to {@code target/journey-e2e-<database>.txt}.
 *
 * <p>Size: {@code it.journey.customers} (1,500), {@code it.journey.events} (20,000 records), {@code
 * it.journey.days} (150 simulated days: win-back needs 60 quiet days after a purchase), {@code
 * it.journey.seed} (21). About two minutes for the class on two cores.
 */
// The failure run second: a job cancelled after a restart can hold its slots for a while.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JourneyEndToEndIT extends EndToEndTestBase {
  private static final String PREFIX = "journey-";
  private static final String[] TOPICS = {
    PREFIX + "scan", PREFIX + "purchase", PREFIX + "interaction"
  };
  private static final int SHOWN = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static GeneratedHistory history;
  private static ReferenceJourneys.Result expected;
  private static String figures;

  @BeforeAll
  static void produceHistoryAndComputeTheReference() throws Exception {
    long t0 = System.nanoTime();
    GeneratorConfig generator =
        GeneratorConfig.defaults()
            .withCustomers(Integer.getInteger("it.journey.customers", 1_500))
            .withEvents(Integer.getInteger("it.journey.events", 20_000))
            .withSeed(Long.getLong("it.journey.seed", 21))
            .withDays(Integer.getInteger("it.journey.days", 150))
            .withMalformedShare(0.01)
            .withTopics(TOPICS[0], TOPICS[1], TOPICS[2]);
    history = new GeneratedHistory(EventGenerator.generateAll(generator));
    run.kafka().createTopics(3, TOPICS);
    history.produceAll(run.kafka().bootstrapServers());
    List<Input> inputs = InputTopics.read(run.kafka().bootstrapServers(), history, TOPICS);

    JobConfig config = run.jobConfig("it_journeys_reference");
    ReferenceProfiles.Params params = ReferenceProfiles.Params.of(config);
    ReferenceJourneys.Settings settings =
        ReferenceJourneys.settings(ConfigLoader.projectDir().resolve("conf/journeys.yaml"), config);
    long r0 = System.nanoTime();
    expected = ReferenceJourneys.compute(inputs, run.phoneHasher(), params, settings);
    long referenceMillis = (System.nanoTime() - r0) / 1_000_000;
    List<Input> shuffled = new ArrayList<>(inputs);
    Collections.shuffle(shuffled, new Random(7));
    assertEquals(
        expected.decided(),
        ReferenceJourneys.compute(shuffled, run.phoneHasher(), params, settings).decided(),
        "the reference is a function of each partition's records alone");

    Map<String, Long> sent = perJourney(expected.sent());
    figures =
        String.format(
            "%,d records (%,d distinct valid events, %,d malformed), %,d customers in the"
                + " generator; final watermark %s; reference %,d ms; sent per journey %s; %s",
            history.records().size(),
            history.validDistinct(),
            history.malformed(),
            generator.customers(),
            Instant.ofEpochMilli(expected.finalWatermark()),
            referenceMillis,
            sent,
            expected.counts());
    System.out.printf(
        "[JourneyEndToEndIT] history and reference ready in %.1f s: %s%n",
        (System.nanoTime() - t0) / 1e9, figures);

    // The history is rich enough to mean something.
    for (Journey j : settings.journeys()) {
      assertTrue(sent.getOrDefault(j.id(), 0L) > 0, "journey " + j.id() + " sends: " + figures);
    }
    Map<String, Long> counts = expected.counts();
    assertTrue(!expected.merges().isEmpty(), "customers merge: " + figures);
    assertTrue(
        counts.keySet().stream().anyMatch(k -> k.startsWith("journeys.ended-by-merge.")),
        "merges end open journeys: " + figures);
    assertTrue(
        counts.getOrDefault("triggers.sent.subject-had-absorbed-a-customer-before", 0L) > 0,
        "triggers go to customers who absorbed another: " + figures);
    assertTrue(!expected.late().isEmpty(), "some events are late in their partition: " + figures);
    for (String cap : List.of("cooldown", "daily_cap")) {
      assertTrue(
          counts.keySet().stream().anyMatch(k -> k.startsWith("triggers.capped." + cap + ".")),
          "some triggers are capped by " + cap + " (else try another it.journey.seed): " + figures);
    }
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
    String prefix = PREFIX + name + "-";
    String triggerTopic = prefix + "campaign-triggers";
    run.kafka().createTopics(3, triggerTopic, prefix + "profile-updates");
    run.kafka().createTopics(1, prefix + "dead-letters");
    JobConfig config =
        run.jobConfig(
            db,
            "kafka.bounded=true",
            "kafka.group-id=it-journeys-" + name,
            "kafka.topics.scan=" + TOPICS[0],
            "kafka.topics.purchase=" + TOPICS[1],
            "kafka.topics.interaction=" + TOPICS[2],
            "kafka.topics.dead-letters=" + prefix + "dead-letters",
            "kafka.topics.profile-updates=" + prefix + "profile-updates",
            "journeys.topic=" + triggerTopic,
            "journeys.transactional-id-prefix=it-journeys-" + name,
            "journeys.transaction-timeout=" + System.getProperty("it.txn-timeout", "1min"),
            "clickhouse.flush-interval=200ms",
            "checkpoints.interval=" + (injectFailure ? "300ms" : "1s"));
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    if (injectFailure) {
      int failAfter = (int) Math.max(1, Math.min(50, expected.decided().size() / 20));
      SiyuJob.attachCustomerPipelines(
          IngestJob.production(config, run.phoneHasher()).attachTo(env),
          config,
          new JourneyJob(
              config,
              Map.of("kafka", Sinks.campaignTriggers(config)),
              Map.of(
                  "clickhouse",
                  new FailOnceSink<JourneyTrigger>(Sinks.journeyTriggers(config), failAfter)),
              Map.of("clickhouse", Sinks.journeyLateEvents(config))));
    } else {
      SiyuJob.attachProduction(env, config, run.phoneHasher());
    }
    long started = System.nanoTime();
    JobClient job = env.executeAsync("journeys end to end: " + name);
    try {
      job.getJobExecutionResult().get(8, TimeUnit.MINUTES); // bounded: it finishes by itself
    } catch (TimeoutException e) {
      job.cancel().get();
      awaitTerminal(job);
      throw new AssertionError("the bounded job did not finish within 8 minutes", e);
    }
    long jobMillis = (System.nanoTime() - started) / 1_000_000;
    long r0 = System.nanoTime();
    Map<String, List<JsonNode>> read = readCommitted(triggerTopic);
    long readMillis = (System.nanoTime() - r0) / 1_000_000;

    Report report = new Report();
    // Each trigger once, and the set of sent triggers.
    read.forEach(
        (id, copies) -> {
          if (copies.size() > 1) {
            report.add("read more than once", id, copies.size() + " copies: " + copies.get(0));
          }
        });
    Map<String, Trigger> sent = new TreeMap<>();
    expected.sent().forEach(t -> sent.put(t.id(), t));
    Map<String, String> topicSide = new TreeMap<>();
    read.forEach((id, copies) -> topicSide.put(id, describeRead(copies.get(0))));
    Map<String, String> referenceSide = new TreeMap<>();
    sent.forEach((id, t) -> referenceSide.put(id, describeSent(t)));
    Map<String, LogRow> log = log(db);
    report.compareTriggers("trigger topic (read_committed)", referenceSide, topicSide, log);

    // The trigger log: every decision, sent and capped.
    Map<String, String> loggedExpected = new TreeMap<>();
    expected.decided().forEach(t -> loggedExpected.put(t.id(), describeDecided(t)));
    Map<String, String> logged = new TreeMap<>();
    log.forEach((id, row) -> logged.put(id, row.describe()));
    report.compareTriggers("trigger log (journey_triggers FINAL)", loggedExpected, logged, log);

    // Late events: the customer each resolved to, and the event.
    Set<String> late = new TreeSet<>();
    for (String[] c : rows("SELECT customer_id, event_id FROM " + db + ".journey_late_events")) {
      late.add(c[0] + "/" + c[1]);
    }
    report.compareSets("journey_late_events", expected.late(), late);

    // Conversions per journey.
    Map<String, Long> converted = new TreeMap<>();
    for (String[] c :
        rows(
            "SELECT journey_id, sum(converted) FROM "
                + db
                + ".v_journey_conversion GROUP BY journey_id")) {
      converted.put(c[0], Long.parseLong(c[1]));
    }
    if (!expected.conversions().equals(converted)) {
      report.add(
          "conversions per journey",
          "all",
          "expected " + expected.conversions() + "\n    actual   " + converted);
    }

    Map<String, Long> readPerJourney = new TreeMap<>();
    read.values()
        .forEach(c -> readPerJourney.merge(c.get(0).get("journey").asText(), 1L, Long::sum));
    String summary =
        String.format(
            "%s: job %,d ms (bounded, %s), trigger topic read in %,d ms; sent per journey:"
                + " reference %s, topic %s; %s",
            db,
            jobMillis,
            injectFailure ? "failed once" : "no failure",
            readMillis,
            perJourney(expected.sent()),
            readPerJourney,
            figures);
    Path file = Path.of("target", "journey-e2e-" + db + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, summary + "\n" + report.render(Integer.MAX_VALUE), StandardCharsets.UTF_8);
    System.out.println("[JourneyEndToEndIT] " + summary + "; " + report.counts() + " → " + file);
    assertTrue(
        report.none(),
        () -> summary + "\n" + report.render(SHOWN) + "(all: " + file.toAbsolutePath() + ")");
  }

  /** A row of the trigger log. */
  private record LogRow(
      String journey,
      String recipient,
      String subject,
      long firedAt,
      String cause,
      String entry,
      String status,
      String reason) {
    String describe() {
      return describe(journey, recipient, subject, firedAt, cause, entry)
          + " "
          + status
          + (reason.isEmpty() ? "" : " (" + reason + ")");
    }

    static String describe(
        String journey,
        String recipient,
        String subject,
        long firedAt,
        String cause,
        String entry) {
      return journey
          + " to "
          + recipient
          + (subject.equals(recipient) ? "" : " subject " + subject)
          + " at "
          + Instant.ofEpochMilli(firedAt)
          + " "
          + cause
          + " entry "
          + entry;
    }
  }

  private static String describeSent(Trigger t) {
    return LogRow.describe(
        t.journey(), t.recipient(), t.subject(), t.firedAt(), t.cause(), t.entryId());
  }

  private static String describeDecided(Trigger t) {
    return describeSent(t)
        + " "
        + t.status()
        + (t.capReason() == null ? "" : " (" + t.capReason() + ")");
  }

  private static String describeRead(JsonNode t) {
    String recipient = t.get("customer_id").asText();
    JsonNode subject = t.path("context").get("subject_id");
    return LogRow.describe(
        t.get("journey").asText(),
        recipient,
        subject == null ? recipient : subject.asText(),
        t.get("fired_at").asLong(),
        t.get("cause").asText(),
        t.get("entry").get("event_id").asText());
  }

  private static Map<String, LogRow> log(String db) {
    Map<String, LogRow> out = new TreeMap<>();
    for (String[] c :
        rows(
            "SELECT trigger_id, journey_id, customer_id, subject_id, fired_at_ms, cause,"
                + " entry_event_id, status, cap_reason FROM "
                + db
                + ".journey_triggers FINAL")) {
      out.put(c[0], new LogRow(c[1], c[2], c[3], Long.parseLong(c[4]), c[5], c[6], c[7], c[8]));
    }
    return out;
  }

  /** Differences by kind, with what explains them. */
  private static final class Report {
    private final Map<String, Map<String, String>> byKind = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    void add(String kind, String key, String text) {
      byKind.computeIfAbsent(kind, k -> new TreeMap<>()).put(key, text);
    }

    boolean none() {
      return byKind.values().stream().allMatch(Map::isEmpty);
    }

    String counts() {
      return byKind.isEmpty()
          ? "no differences"
          : byKind.entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue().size() + " differences")
              .reduce((a, b) -> a + ", " + b)
              .orElse("");
    }

    void compareSets(String kind, Set<String> expected, Set<String> actual) {
      Set<String> all = new TreeSet<>(expected);
      all.addAll(actual);
      for (String k : all) {
        if (!expected.contains(k) || !actual.contains(k)) {
          add(kind, k, expected.contains(k) ? "only in the reference" : "only in the job");
        }
      }
      if (byKind.containsKey(kind)) {
        headers.put(kind, "reference " + expected.size() + ", job " + actual.size());
      }
    }

    /**
     * Triggers id → description on each side; per journey, the counts and every difference with the
     * other side's decision, the reference's firings of the same entry, and the subject's journey
     * input from the entry to the firing.
     */
    void compareTriggers(
        String kind,
        Map<String, String> reference,
        Map<String, String> job,
        Map<String, LogRow> log) {
      Map<String, Trigger> decided = new HashMap<>();
      expected.decided().forEach(t -> decided.put(t.id(), t));
      Map<String, long[]> perJourney =
          new TreeMap<>(); // reference, job, only ref, only job, differ
      Set<String> ids = new TreeSet<>(reference.keySet());
      ids.addAll(job.keySet());
      for (String id : ids) {
        String e = reference.get(id);
        String a = job.get(id);
        String journey = journeyOf(e != null ? e : a);
        long[] n = perJourney.computeIfAbsent(journey, j -> new long[5]);
        n[0] += e != null ? 1 : 0;
        n[1] += a != null ? 1 : 0;
        if (Objects.equals(e, a)) {
          continue;
        }
        n[e == null ? 3 : a == null ? 2 : 4]++;
        StringBuilder sb = new StringBuilder();
        sb.append(e == null ? "only in the job" : a == null ? "only in the reference" : "differs");
        sb.append("\n    reference: ").append(e);
        Trigger t = decided.get(id);
        if (e == null && t != null) {
          sb.append(" (reference decided: ").append(t).append(')');
        }
        sb.append("\n    job:       ").append(a);
        LogRow row = log.get(id);
        if (a == null && row != null) {
          sb.append(" (job's log: ").append(row.describe()).append(')');
        }
        explain(sb, t, row);
        add(kind + " / " + journey, id, sb.toString());
      }
      StringBuilder header =
          new StringBuilder("per journey (reference, job, only ref, only job, differ):");
      perJourney.forEach(
          (j, n) -> header.append(' ').append(j).append(' ').append(java.util.Arrays.toString(n)));
      headers.put(kind, header.toString());
    }

    /** The subject's items from the entry to the firing, and its merges. */
    private static void explain(StringBuilder sb, Trigger t, LogRow row) {
      String journey = t != null ? t.journey() : row != null ? row.journey() : null;
      String subject = t != null ? t.subject() : row != null ? row.subject() : null;
      String entry = t != null ? t.entryId() : row != null ? row.entry() : null;
      long firedAt = t != null ? t.firedAt() : row != null ? row.firedAt() : Long.MIN_VALUE;
      if (subject == null) {
        return;
      }
      List<Trigger> sameEntry =
          expected.decided().stream()
              .filter(x -> x.journey().equals(journey) && x.entryId().equals(entry))
              .filter(x -> t == null || !x.id().equals(t.id()))
              .toList();
      if (!sameEntry.isEmpty()) {
        sb.append("\n    the reference fired the same entry as: ").append(sameEntry);
      }
      long entryAt =
          expected.items().values().stream()
              .flatMap(List::stream)
              .filter(i -> i.id().equals(entry))
              .mapToLong(Item::at)
              .min()
              .orElse(firedAt);
      List<Item> items = expected.itemsOf(subject, entryAt, firedAt);
      sb.append("\n    reference input of ")
          .append(subject)
          .append(" from the entry to the firing (")
          .append(items.size())
          .append(" items):");
      items.stream().limit(12).forEach(i -> sb.append("\n      ").append(i));
      if (items.size() > 12) {
        sb.append("\n      …");
      }
      List<Merge> merges = expected.mergesOf(subject);
      if (!merges.isEmpty()) {
        sb.append("\n    merges of ").append(subject).append(": ").append(merges);
      }
      // Where else the entry event went (another customer in the reference?).
      expected
          .items()
          .forEach(
              (customer, list) -> {
                if (!customer.equals(subject)
                    && list.stream().anyMatch(i -> i.id().equals(entry))) {
                  sb.append("\n    the entry event is also an item of ").append(customer);
                }
              });
    }

    private static String journeyOf(String description) {
      return description.substring(0, description.indexOf(' '));
    }

    String render(int limit) {
      StringBuilder sb = new StringBuilder();
      headers.forEach((kind, h) -> sb.append(kind).append(": ").append(h).append('\n'));
      byKind.forEach(
          (kind, diffs) -> {
            if (diffs.isEmpty()) {
              return;
            }
            sb.append(kind)
                .append(": ")
                .append(diffs.size())
                .append(" differences")
                .append(diffs.size() > limit ? ", the first " + limit : "")
                .append('\n');
            diffs.entrySet().stream()
                .limit(limit)
                .forEach(
                    e ->
                        sb.append("  ")
                            .append(e.getKey())
                            .append(' ')
                            .append(e.getValue())
                            .append('\n'));
          });
      return sb.toString();
    }
  }

  private static Map<String, Long> perJourney(List<Trigger> triggers) {
    Map<String, Long> out = new TreeMap<>();
    triggers.forEach(t -> out.merge(t.journey(), 1L, Long::sum));
    return out;
  }

  /**
   * Every trigger in the topic readable with {@code read_committed}, by id (each copy), once the
   * topic is settled: its last stable offset has reached its end (no transaction left open, the
   * failed attempt's too: they end by the transaction timeout at the latest) and everything up to
   * it was read.
   */
  private static Map<String, List<JsonNode>> readCommitted(String topic) throws Exception {
    Map<String, List<JsonNode>> out = new TreeMap<>();
    Properties committed = new Properties();
    committed.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().bootstrapServers());
    committed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    committed.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Properties raw = new Properties();
    raw.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.kafka().bootstrapServers());
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(committed, new StringDeserializer(), new StringDeserializer());
        KafkaConsumer<String, String> uncommitted =
            new KafkaConsumer<>(raw, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (true) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          JsonNode t = parse(r.value());
          out.computeIfAbsent(t.get("trigger_id").asText(), k -> new ArrayList<>()).add(t);
        }
        Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> end = uncommitted.endOffsets(partitions);
        boolean settled =
            stable.equals(end)
                && partitions.stream().allMatch(tp -> consumer.position(tp) >= stable.get(tp));
        if (settled) {
          return out;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the trigger topic did not settle in 3 minutes: last stable offsets "
                  + stable
                  + ", end offsets "
                  + end
                  + ", "
                  + out.size()
                  + " triggers read");
        }
      }
    }
  }

  private static JsonNode parse(String value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("not a trigger: " + value, e);
    }
  }

  /** The rows of a query, tab-separated columns (empty strings kept). */
  private static List<String[]> rows(String sql) {
    List<String[]> out = new ArrayList<>();
    for (String line : run.clickhouse().query(sql).split("\n")) {
      if (!line.isEmpty()) {
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }
}
