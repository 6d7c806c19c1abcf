package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.e2e.ReferenceProfiles.Expected;
import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.e2e.ReferenceProfiles.Late;
import io.siyu.e2e.ReferenceProfiles.Result;
import io.siyu.e2e.ReferenceProfiles.Transition;
import io.siyu.generator.EventGenerator;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The main job (ingestion + identity + profile) as a bounded replay on a mini cluster at
 * parallelism 2 with real Kafka and ClickHouse, over 200 simulated days so that customers age
 * through AT_RISK and DORMANT. The job finishes by itself; the rows of the committing sinks land
 * with its final checkpoint. Then everything is compared with an independent computation from the
 * records as Kafka holds them ({@link ReferenceProfiles}, which also places every event in event
 * time and knows where the input ends):
 *
 * <ul>
 *   <li>the late events (coordinates and the record time they are applied at) in {@code
 *       late_events};
 *   <li>every current customer's canonical id (OneID), stage, RFM segment, order counts and social
 *       value in {@code v_customer_profile};
 *   <li>every customer's whole path of lifecycle transitions (from, to, at, cause) in {@code
 *       lifecycle_transitions}, also of customers absorbed by merges;
 *   <li>every identifier's canonical id in {@code v_identity}.
 * </ul>
 *
 * <p>All differences are collected and reported together (the first ten customers per kind in the
 * failure message); the full list goes to {@code target/profile-e2e-<database>.txt}.
 */
class ProfileEndToEndIT extends EndToEndTestBase {
  private static final int SHOWN = 10;

  @Test
  void everyCustomersStageAndPathMatchAnIndependentComputation() throws Exception {
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

    JobConfig config =
        run.jobConfig(
            db,
            "kafka.bounded=true",
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
                  Map.of("clickhouse", Sinks.lateEvents(config)))
              .attachTo(env);
      ProfileJob.production(config)
          .attachTo(IdentityJob.production(config).attachTo(events).messages());
    } else {
      SiyuJob.attachProduction(env, config, run.phoneHasher());
    }
    long started = System.nanoTime();
    JobClient job = env.executeAsync("profile end to end");
    try {
      job.getJobExecutionResult().get(10, TimeUnit.MINUTES); // bounded: it finishes by itself
    } catch (java.util.concurrent.TimeoutException e) {
      job.cancel().get();
      throw new AssertionError("the bounded job did not finish within 10 minutes", e);
    }
    long jobMillis = (System.nanoTime() - started) / 1_000_000;

    // The reference, from the records as Kafka holds them; computed twice, the second time from
    // the records in another order across partitions, to show it depends on nothing else.
    List<Input> inputs = InputTopics.read(run.kafka().bootstrapServers(), history, topics);
    ReferenceProfiles.Params params = ReferenceProfiles.Params.of(config);
    long referenceStarted = System.nanoTime();
    Result expected = ReferenceProfiles.compute(inputs, run.phoneHasher(), params);
    long referenceMillis = (System.nanoTime() - referenceStarted) / 1_000_000;
    List<Input> shuffled = new ArrayList<>(inputs);
    Collections.shuffle(shuffled, new Random(7));
    assertTrue(
        expected.equals(ReferenceProfiles.compute(shuffled, run.phoneHasher(), params)),
        "the reference is a function of each partition's records alone");

    assertTrue(
        expected.profiles().values().stream().anyMatch(e -> e.stage().equals("DORMANT"))
            && expected.profiles().values().stream().anyMatch(e -> e.stage().equals("AT_RISK")),
        "the history is long enough to age customers");
    assertTrue(!expected.mergedInto().isEmpty(), "the history merges customers");
    assertTrue(
        expected.canonicalIds().values().stream().distinct().count()
            < expected.canonicalIds().size(),
        "the history links identifiers (bind_member, orders with a phone)");

    // Customers with events after the final watermark are marked (* in the differences).
    Differences d = new Differences(expected.withEventsAfterTheEnd());

    // Event time: the job placed the same events late, at the same positions.
    Set<Late> late = new TreeSet<>(java.util.Comparator.comparing(Late::toString));
    for (String[] c :
        rows(
            "SELECT stream, source_partition, source_offset, effective_ms FROM "
                + db
                + ".late_events FINAL")) {
      late.add(new Late(c[0], Integer.parseInt(c[1]), Long.parseLong(c[2]), Long.parseLong(c[3])));
    }
    d.compare("late events", setAsMap(expected.late()), setAsMap(late));

    // Profiles of the current customers.
    Map<String, Expected> profiles = new TreeMap<>();
    for (String[] c :
        rows(
            "SELECT customer_key, stage, rfm_segment, lifetime_orders, window_orders,"
                + " invites_accepted, invitees_bought FROM "
                + db
                + ".v_customer_profile")) {
      profiles.put(
          c[0],
          new Expected(
              c[1],
              c[2],
              Long.parseLong(c[3]),
              Long.parseLong(c[4]),
              Long.parseLong(c[5]),
              Long.parseLong(c[6])));
    }
    d.compare("profiles", expected.profiles(), profiles);

    // Every customer's path, also of customers absorbed by merges.
    Map<String, List<Transition>> rowsByCustomer = new TreeMap<>();
    for (String[] c :
        rows(
            "SELECT customer_key, from_stage, to_stage, at_ms, cause FROM "
                + db
                + ".lifecycle_transitions FINAL")) {
      rowsByCustomer
          .computeIfAbsent(c[0], k -> new ArrayList<>())
          .add(new Transition(c[1], c[2], Long.parseLong(c[3]), c[4]));
    }
    Map<String, List<Transition>> paths = new TreeMap<>();
    rowsByCustomer.forEach((k, v) -> paths.put(k, ReferenceProfiles.normalize(v)));
    d.compare("paths", expected.paths(), paths);

    // OneID: every identifier's canonical id.
    Map<String, String> mapped = new TreeMap<>();
    for (String[] c : rows("SELECT id, canonical_id FROM " + db + ".v_identity")) {
      mapped.put(c[0], c[1]);
    }
    d.compare("identifier → canonical id", expected.canonicalIds(), mapped);

    String summary =
        String.format(
            "job %,d ms (bounded, %s); reference %,d ms, digest %s; final watermark %s; %s",
            jobMillis,
            failOnce ? "failed once" : "no failure",
            referenceMillis,
            digest(expected),
            java.time.Instant.ofEpochMilli(expected.finalWatermark()),
            expected.counts());
    Path report = Path.of("target", "profile-e2e-" + db + ".txt");
    Files.createDirectories(report.getParent());
    Files.writeString(
        report,
        summary + "\n(* = the customer has events after the final watermark)\n" + d.full(),
        StandardCharsets.UTF_8);
    System.out.println("[ProfileEndToEndIT] " + summary + "; " + d.counts() + " → " + report);
    String legend = "\n(* = the customer has events after the final watermark)\n";
    assertTrue(
        d.none(), () -> summary + legend + d.shown() + "(all: " + report.toAbsolutePath() + ")");
  }

  /** Differences by kind: keys on one side only, or different values. */
  private static final class Differences {
    private final Map<String, Map<String, String>> byKind = new java.util.LinkedHashMap<>();
    private final Map<String, Integer> compared = new java.util.LinkedHashMap<>();
    private final Set<String> marked;

    Differences(Set<String> marked) {
      this.marked = marked;
    }

    <V> void compare(String kind, Map<String, V> expected, Map<String, V> actual) {
      Map<String, String> out = new TreeMap<>();
      Set<String> keys = new TreeSet<>(expected.keySet());
      keys.addAll(actual.keySet());
      for (String k : keys) {
        V e = expected.get(k);
        V a = actual.get(k);
        if (!Objects.equals(e, a)) {
          out.put(
              k + (marked.contains(k) ? " *" : ""), "\n    expected " + e + "\n    actual   " + a);
        }
      }
      byKind.put(kind, out);
      compared.put(kind, keys.size());
    }

    boolean none() {
      return byKind.values().stream().allMatch(Map::isEmpty);
    }

    String counts() {
      return byKind.entrySet().stream()
          .map(e -> e.getKey() + " differ " + e.getValue().size() + "/" + compared.get(e.getKey()))
          .collect(Collectors.joining(", "));
    }

    String shown() {
      return render(SHOWN);
    }

    String full() {
      return render(Integer.MAX_VALUE);
    }

    private String render(int limit) {
      StringBuilder sb = new StringBuilder();
      byKind.forEach(
          (kind, diffs) -> {
            if (diffs.isEmpty()) {
              return;
            }
            sb.append(kind)
                .append(": ")
                .append(diffs.size())
                .append(" of ")
                .append(compared.get(kind))
                .append(" differ")
                .append(diffs.size() > limit ? ", the first " + limit : "")
                .append('\n');
            diffs.entrySet().stream()
                .limit(limit)
                .forEach(e -> sb.append("  ").append(e.getKey()).append(e.getValue()).append('\n'));
          });
      return sb.toString();
    }
  }

  /**
   * A short digest of what the reference computed, Kafka offsets left out (records without a key,
   * dead letters, land on a partition of the producer's choosing and shift the offsets): the same
   * records give the same digest, in every run and in both tests.
   */
  private static String digest(Result r) throws Exception {
    String content =
        List.of(
                r.finalWatermark(),
                r.profiles(),
                r.paths(),
                r.canonicalIds(),
                r.mergedInto(),
                r.late().stream().map(l -> l.stream() + "@" + l.effectiveMs()).sorted().toList(),
                r.withEventsAfterTheEnd(),
                r.counts())
            .toString();
    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(content.getBytes(StandardCharsets.UTF_8));
    return java.util.HexFormat.of().formatHex(sha, 0, 8);
  }

  private static Map<String, Late> setAsMap(Set<Late> late) {
    Map<String, Late> out = new TreeMap<>();
    late.forEach(l -> out.put(l.stream() + "/" + l.partition() + "/" + l.offset(), l));
    return out;
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
