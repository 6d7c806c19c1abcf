package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.generator.GroundTruth;
import io.siyu.jobs.IngestJob;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.schema.SchemaApplier;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The BI contract of the main job end to end (issue 9): a generated history on real Kafka, the main
 * job as a bounded replay on a mini cluster at parallelism 2, real ClickHouse; every {@code bi_*}
 * view and the {@code scan_alerts} table compared, row for row, with an independent computation
 * from the same records ({@link ReferenceBi}: exact counts and sums, decimals by value).
 *
 * <ol>
 *   <li>one bounded replay into a fresh database: every view and the alerts equal the reference;
 *       the alerts' diverted scans and copied codes also equal the generator's ground truth;
 *   <li>a second bounded replay of the same topics into the same database: every view and the
 *       alerts unchanged (the rows a replay writes replace themselves);
 *   <li>a replay with a failure injected mid-stream (in the events sink, after a checkpoint: the
 *       whole job restarts from it) into a fresh database: the same views and alerts.
 * </ol>
 *
 * <p>The history is long (150 days: cohorts over five months) and rich: refunds, coupons, store
 * guides added, diverted scans, counterfeit codes scanned by more than N customers, journeys sent
 * and capped; the richness is asserted before any job runs. On a difference, the message gives per
 * view the rows of each side and the first rows only one side has; everything goes to {@code
 * target/bi-e2e-<database>.txt}.
 *
 * <p>Size: {@code it.bi.customers} (1,500), {@code it.bi.events} (20,000 records), {@code
 * it.bi.days} (150), {@code it.bi.seed} (21).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BiEndToEndIT extends EndToEndTestBase {
  private static final String PREFIX = "bi-";
  private static final String[] TOPICS = {
    PREFIX + "scan", PREFIX + "purchase", PREFIX + "interaction"
  };
  private static final int SHOWN = 8;

  /**
   * {@code bi.allowed-lateness} of the runs: shorter than the default hour, so that the events late
   * in their partition by more than it (the generator's are up to 10 minutes behind) are counted
   * where they arrived, and both sides of the rule are exercised.
   */
  private static final String LATENESS = System.getProperty("it.bi.allowed-lateness", "2min");

  private static GroundTruth truth;
  private static Path codeBatches;
  private static int copiedCodeScanners;
  private static ReferenceBi.Result expected;
  private static String figures;
  private static RunOutputs first;

  @BeforeAll
  static void produceHistoryAndComputeTheReference() throws Exception {
    long t0 = System.nanoTime();
    GeneratorConfig generator =
        GeneratorConfig.defaults()
            .withCustomers(Integer.getInteger("it.bi.customers", 1_500))
            .withEvents(Integer.getInteger("it.bi.events", 20_000))
            .withSeed(Long.getLong("it.bi.seed", 21))
            .withDays(Integer.getInteger("it.bi.days", 150))
            .withMalformedShare(0.01)
            .withTopics(TOPICS[0], TOPICS[1], TOPICS[2]);
    GeneratedHistory generated = new GeneratedHistory(generator);
    truth = generated.groundTruth();
    codeBatches = generated.writeBatches(dir);
    List<GeneratedRecord> records = withAFinalBurst(generated.records());
    GeneratedHistory history = new GeneratedHistory(records);
    run.kafka().createTopics(3, TOPICS);
    history.produceAll(run.kafka().bootstrapServers());
    List<Input> inputs = InputTopics.read(run.kafka().bootstrapServers(), history, TOPICS);

    JobConfig config = run.jobConfig("it_bi_reference", "bi.allowed-lateness=" + LATENESS);
    copiedCodeScanners = config.bi().copiedCodeScanners();
    long r0 = System.nanoTime();
    expected =
        ReferenceBi.compute(
            inputs,
            run.phoneHasher(),
            ReferenceProfiles.Params.of(config),
            ReferenceJourneys.settings(
                ConfigLoader.projectDir().resolve("conf/journeys.yaml"), config),
            settings(config));
    long referenceMillis = (System.nanoTime() - r0) / 1_000_000;
    List<Input> shuffled = new ArrayList<>(inputs);
    Collections.shuffle(shuffled, new Random(7));
    ReferenceBi.Result again =
        ReferenceBi.compute(
            shuffled,
            run.phoneHasher(),
            ReferenceProfiles.Params.of(config),
            ReferenceJourneys.settings(
                ConfigLoader.projectDir().resolve("conf/journeys.yaml"), config),
            settings(config));
    assertEquals(
        expected.views(), again.views(), "the reference is a function of each partition's records");
    assertEquals(expected.alerts(), again.alerts(), "the reference's alerts likewise");
    figures =
        String.format(
            "%,d records (%,d distinct valid events, %,d malformed), %,d customers in the"
                + " generator; final watermark %s, cut %s; reference %,d ms; %s",
            records.size(),
            history.validDistinct(),
            history.malformed(),
            generator.customers(),
            Instant.ofEpochMilli(expected.finalWatermark()),
            Instant.ofEpochMilli(expected.cut()),
            referenceMillis,
            expected.counts());
    System.out.printf(
        "[BiEndToEndIT] history and reference ready in %.1f s: %s%n",
        (System.nanoTime() - t0) / 1e9, figures);
    assertRichEnough();
  }

  /**
   * The generated records and, after them, a burst on every partition: for two minutes, every ten
   * seconds, a copy of the last event of each of the 24 customers last active on each topic, under
   * a new event id (a purchase as a new paid order, an interaction as a page view). Generated
   * events are minutes apart, so without it no event falls between the cut C and the end watermark
   * W, and the cut would go untested; with it, every partition ends in the burst and the last
   * minute of event time holds events the job applies but no aggregate row may count.
   */
  private static List<GeneratedRecord> withAFinalBurst(List<GeneratedRecord> records)
      throws IOException {
    long end = records.stream().mapToLong(GeneratedRecord::kafkaTimestamp).max().orElseThrow();
    long start = (end / 60_000 + 2) * 60_000 + 25_000;
    List<GeneratedRecord> out = new ArrayList<>(records);
    ObjectMapper json = new ObjectMapper();
    for (String topic : TOPICS) {
      Map<String, GeneratedRecord> lastOfKey = new java.util.LinkedHashMap<>();
      for (GeneratedRecord r : records) {
        if (r.topic().equals(topic) && r.valid() && !r.duplicate() && r.key() != null) {
          lastOfKey.remove(r.key());
          lastOfKey.put(r.key(), r);
        }
      }
      List<GeneratedRecord> last = new ArrayList<>(lastOfKey.values());
      last = last.subList(Math.max(0, last.size() - 24), last.size());
      for (int k = 0; k < 12; k++) {
        for (int i = 0; i < last.size(); i++) {
          GeneratedRecord r = last.get(i);
          ObjectNode e = (ObjectNode) json.readTree(r.value());
          long ts = start + k * 10_000L + i * 7L;
          String id = "burst-" + r.stream() + "-" + k + "-" + i;
          e.put("event_id", id);
          e.put("ts", ts);
          switch (r.stream()) {
            case "purchase" -> {
              e.put("order_id", "burst-" + k + "-" + i);
              e.put("status", "paid");
            }
            case "interaction" -> {
              e.put("type", "page_view");
              e.remove("referrer_ids");
            }
            default -> {}
          }
          out.add(
              new GeneratedRecord(
                  r.stream(), topic, r.key(), json.writeValueAsBytes(e), ts, id, null, false));
        }
      }
    }
    return out;
  }

  /**
   * The reference's settings: zone, lateness, N and attribution from the job's configuration, the
   * code batches from the generator's file (the one the job loads).
   */
  private static ReferenceBi.Settings settings(JobConfig config) throws IOException {
    return new ReferenceBi.Settings(
        config.zone(),
        config.bi().allowedLateness().toMillis(),
        config.bi().copiedCodeScanners(),
        config.journeys().attributionWindow().toMillis(),
        ReferenceBi.readBatches(codeBatches),
        // The cut for every BI output: "every emitted row is a function of the facts with at <
        // E" (the contract, "Versioned rows"); a diverted scan between C and W gets no alert.
        true);
  }

  /** Every view has rows, and the rows cover what the contract is about. */
  private static void assertRichEnough() {
    Map<String, ReferenceBi.Table> v = expected.views();
    for (String view : ReferenceBi.VIEWS.keySet()) {
      assertTrue(!v.get(view).rows().isEmpty(), view + " has rows: " + figures);
    }
    assertTrue(sum("bi_sales_daily", "refunds") > 0, "refunds: " + figures);
    assertTrue(sum("bi_sales_daily", "coupon_orders") > 0, "coupon orders: " + figures);
    assertTrue(
        sum("bi_sales_daily", "first_time_buyer_orders") < sum("bi_sales_daily", "orders"),
        "repeat buyers: " + figures);
    assertTrue(sum("bi_sales_by_guide_daily", "bound_customers") > 0, "guide adds: " + figures);
    assertTrue(sum("bi_scan_daily", "diverted_scans") > 0, "diverted scans: " + figures);
    assertTrue(sum("bi_scan_daily", "repeat_scans") > 0, "repeat scans: " + figures);
    assertTrue(!expected.copiedCodes().isEmpty(), "copied codes: " + figures);
    assertTrue(sum("bi_funnel_daily", "followed") > 0, "follows in the funnel: " + figures);
    // Not "carted": the generator's add_to_cart never carries a campaign_id.
    assertTrue(sum("bi_funnel_daily", "purchased") > 0, "purchases in the funnel: " + figures);
    Set<String> cohorts = new TreeSet<>();
    v.get("bi_cohort_retention").rows().forEach(r -> cohorts.add(r.split("\t")[0]));
    assertTrue(cohorts.size() >= 3, "cohorts over three months at least: " + cohorts);
    assertTrue(
        v.get("bi_cohort_retention").rows().stream().anyMatch(r -> !r.split("\t")[1].equals("0")),
        "customers retained in a later month: " + figures);
    assertTrue(sum("bi_journey_daily", "sent") > 0, "journeys sent: " + figures);
    assertTrue(sum("bi_journey_daily", "capped") > 0, "journeys capped: " + figures);
    assertTrue(sum("bi_journey_daily", "converted") > 0, "journeys converted: " + figures);
    assertTrue(sum("bi_referral", "invitees_bought") > 0, "invitees bought: " + figures);
    Map<String, Long> counts = expected.counts();
    assertTrue(
        counts.keySet().stream().anyMatch(k -> k.endsWith(".after-the-cut")),
        "events applied after the cut C, in no aggregate row: " + figures);
    assertTrue(
        counts.getOrDefault("facts.later-than-allowed-lateness", 0L) > 0
            && counts.getOrDefault("facts.late-within-allowed-lateness", 0L) > 0,
        "late events on both sides of bi.allowed-lateness: " + figures);
  }

  private static long sum(String view, String column) {
    int i = ReferenceBi.VIEWS.get(view).indexOf(column);
    return expected.views().get(view).rows().stream()
        .mapToLong(r -> Long.parseLong(r.split("\t", -1)[i]))
        .sum();
  }

  @Test
  @Order(1)
  void everyViewAndTheAlertsEqualAnIndependentComputation() throws Exception {
    first = runAndCompare("eo", "it_bi", false);
    assertAlertsAreTheGroundTruth("it_bi");
  }

  /**
   * The alerts the job wrote are the generator's ground truth, among the scans the job sees
   * (applied: record time up to the end watermark): every diverted scan, and the codes scanned by
   * more than N different people (each person counted by their first scan of the code). The burst's
   * copies of scans ({@link #withAFinalBurst}) are no part of the generator's truth: left out (they
   * add no scanner to any code, each repeating its customer's last scan).
   */
  private static void assertAlertsAreTheGroundTruth(String db) {
    Set<String> scope = expected.alertScope();
    Set<String> diverted = new TreeSet<>(truth.divertedScanEventIds());
    diverted.retainAll(scope);
    Set<String> copied = new TreeSet<>();
    truth
        .copiedCodes()
        .forEach(
            (code, scans) -> {
              long people = scans.stream().filter(x -> scope.contains(x.eventId())).count();
              if (people > copiedCodeScanners) {
                copied.add(code);
              }
            });
    Set<String> divertedAlerts = new TreeSet<>();
    Set<String> copiedAlerts = new TreeSet<>();
    for (String[] r :
        rows(
            "SELECT kind, event_id, code FROM "
                + db
                + ".scan_alerts FINAL WHERE event_id NOT LIKE 'burst-%'")) {
      (r[0].equals("diverted") ? divertedAlerts : copiedAlerts)
          .add(r[0].equals("diverted") ? r[1] : r[2]);
    }
    assertEquals(
        List.of(diverted.size(), copied),
        List.of(divertedAlerts.size(), copiedAlerts),
        "diverted scans (count) and copied codes: generator's ground truth vs scan_alerts");
    assertEquals(diverted, divertedAlerts, "diverted scans: ground truth vs scan_alerts");
    Set<String> reference = new TreeSet<>(expected.divertedEventIds());
    reference.removeIf(id -> id.startsWith("burst-"));
    assertEquals(diverted, reference, "diverted scans: ground truth vs reference");
    assertEquals(copied, expected.copiedCodes(), "copied codes: ground truth vs reference");
  }

  @Test
  @Order(2)
  void aSecondBoundedReplayIntoTheSameDatabaseChangesNothing() throws Exception {
    RunOutputs again = runAndCompare("replay", "it_bi", false);
    if (first != null) {
      List<RunOutputs.Difference> d = RunOutputs.compare(first, again);
      assertTrue(
          d.stream().allMatch(RunOutputs.Difference::same),
          "the second replay changed views:\n"
              + RunOutputs.table(d, "first", "replay")
              + RunOutputs.examples(d, first, "first", "replay", SHOWN));
    }
  }

  @Test
  @Order(3)
  void aFailureMidStreamLeavesTheSameViews() throws Exception {
    int failuresBefore = FailOnceSink.FAILURES.get();
    RunOutputs failover = runAndCompare("failover", "it_bi_failover", true);
    assertEquals(failuresBefore + 1, FailOnceSink.FAILURES.get(), "the job failed once on purpose");
    if (first != null) {
      List<RunOutputs.Difference> d = RunOutputs.compare(first, failover);
      assertTrue(
          d.stream().allMatch(RunOutputs.Difference::same),
          "the failover run differs from the first:\n"
              + RunOutputs.table(d, "first", "failover")
              + RunOutputs.examples(d, first, "first", "failover", SHOWN));
    }
  }

  /**
   * Runs the main job as a bounded replay into {@code db} (outputs named after {@code name}),
   * optionally failing once mid-stream, then compares every view and the alerts with the reference;
   * returns what it read.
   */
  private RunOutputs runAndCompare(String name, String db, boolean injectFailure) throws Exception {
    String out = PREFIX + name + "-";
    run.kafka().createTopics(3, out + "campaign-triggers", out + "profile-updates");
    run.kafka().createTopics(1, out + "dead-letters");
    JobConfig config =
        run.jobConfig(
            db,
            "kafka.bounded=true",
            "kafka.group-id=it-bi-" + name,
            "kafka.topics.scan=" + TOPICS[0],
            "kafka.topics.purchase=" + TOPICS[1],
            "kafka.topics.interaction=" + TOPICS[2],
            "kafka.topics.dead-letters=" + out + "dead-letters",
            "kafka.topics.profile-updates=" + out + "profile-updates",
            "journeys.topic=" + out + "campaign-triggers",
            "journeys.transactional-id-prefix=it-bi-" + name,
            "bi.code-batches=" + codeBatches,
            "bi.allowed-lateness=" + LATENESS,
            "bi.alerts-topic=" + out + "scan-alerts",
            "bi.alerts-transactional-id-prefix=it-bi-" + name + "-alerts",
            "journeys.transaction-timeout=" + System.getProperty("it.txn-timeout", "1min"),
            "clickhouse.flush-interval=200ms",
            "checkpoints.interval=" + (injectFailure ? "300ms" : "1s"));
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    if (injectFailure) {
      // The failure in the events sink: every operator is one region, so the whole job restarts.
      DataStream<CustomerEvent> events =
          new IngestJob(
                  KafkaSources.ingest(config, run.phoneHasher()),
                  KafkaSources.watermarks(config),
                  KafkaSources.gate(config),
                  new FailOnceSink<>(Sinks.events(config), 2_000),
                  Map.of("clickhouse", Sinks.deadLetterTable(config)),
                  Map.of("clickhouse", Sinks.lateEvents(config)))
              .attachTo(env);
      SiyuJob.attachCustomerPipelines(events, config, JourneyJob.production(config));
    } else {
      SiyuJob.attachProduction(env, config, run.phoneHasher());
    }
    long started = System.nanoTime();
    JobClient job = env.executeAsync("bi end to end: " + name);
    try {
      job.getJobExecutionResult().get(6, TimeUnit.MINUTES); // bounded: it finishes by itself
    } catch (TimeoutException e) {
      job.cancel().get();
      awaitTerminal(job);
      throw new AssertionError("the bounded job did not finish within 6 minutes", e);
    }
    long jobMillis = (System.nanoTime() - started) / 1_000_000;
    awaitSettled(db);

    RunOutputs actual = read(db);
    // The alerts topic read_committed: each alert once (its key), the same alerts as the table.
    List<String> keys = new ArrayList<>();
    for (String r : RunOutputs.readCommitted(run.kafka().bootstrapServers(), out + "scan-alerts")) {
      keys.add(r.substring(0, r.indexOf('\t')));
    }
    keys.sort(null);
    actual.put("topic scan-alerts (keys, read_committed)", "alert_id", keys);
    RunOutputs reference = new RunOutputs();
    expected.views().values().forEach(t -> reference.put(t.name(), header(t), t.rows()));
    reference.put("scan_alerts", header(expected.alerts()), expected.alerts().rows());
    expected.compactTables().values().forEach(t -> reference.put(t.name(), header(t), t.rows()));
    List<String> ids = new ArrayList<>();
    expected.alerts().rows().forEach(r -> ids.add(r.substring(0, r.indexOf('\t'))));
    ids.sort(null);
    reference.put("topic scan-alerts (keys, read_committed)", "alert_id", ids);
    List<RunOutputs.Difference> differences = RunOutputs.compare(reference, actual);
    String summary =
        String.format(
            "%s (%s): job %,d ms (bounded, %s); %s",
            db, name, jobMillis, injectFailure ? "failed once" : "no failure", figures);
    String table = RunOutputs.table(differences, "reference", "job");
    Path file = Path.of("target", "bi-e2e-" + db + "-" + name + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        summary
            + "\n"
            + table
            + RunOutputs.examples(differences, reference, "reference", "job", Integer.MAX_VALUE),
        StandardCharsets.UTF_8);
    System.out.println("[BiEndToEndIT] " + summary + "\n" + table + "→ " + file);
    assertTrue(
        differences.stream().allMatch(RunOutputs.Difference::same),
        () ->
            summary
                + "\n"
                + table
                + RunOutputs.examples(differences, reference, "reference", "job", SHOWN)
                + "(all: "
                + file.toAbsolutePath()
                + ")");
    return actual;
  }

  private static String header(ReferenceBi.Table t) {
    return String.join("\t", t.columns());
  }

  /** Every view's and the alerts' rows, normalised like the reference's. */
  private static RunOutputs read(String db) {
    RunOutputs out = new RunOutputs();
    for (Map.Entry<String, List<String>> view : ReferenceBi.VIEWS.entrySet()) {
      List<String> rows = new ArrayList<>();
      for (String[] cells :
          rows(
              "SELECT "
                  + String.join(", ", view.getValue())
                  + " FROM "
                  + db
                  + "."
                  + view.getKey())) {
        rows.add(String.join("\t", ReferenceBi.normalise(view.getKey(), view.getValue(), cells)));
      }
      rows.sort(null);
      out.put(view.getKey(), String.join("\t", view.getValue()), rows);
    }
    List<String> alerts = new ArrayList<>();
    for (String[] cells :
        rows(
            "SELECT "
                + String.join(", ", ReferenceBi.ALERT_COLUMNS)
                + " FROM "
                + db
                + ".scan_alerts FINAL")) {
      alerts.add(
          ReferenceBi.alertRow(
              ReferenceBi.normalise("scan_alerts", ReferenceBi.ALERT_COLUMNS, cells)));
    }
    alerts.sort(null);
    out.put("scan_alerts", String.join("\t", ReferenceBi.ALERT_COLUMNS), alerts);
    for (Map.Entry<String, List<String>> table : ReferenceBi.COMPACT_TABLES.entrySet()) {
      List<String> rows = new ArrayList<>();
      for (String[] cells :
          rows(
              "SELECT "
                  + String.join(", ", table.getValue())
                  + " FROM "
                  + db
                  + "."
                  + table.getKey()
                  + " FINAL")) {
        rows.add(String.join("\t", ReferenceBi.normalise(table.getKey(), table.getValue(), cells)));
      }
      rows.sort(null);
      out.put(table.getKey(), String.join("\t", table.getValue()), rows);
    }
    return out;
  }

  /**
   * Waits until the views and the alerts have not changed for two seconds: the job has finished,
   * but its last committed rows may still be on their way.
   */
  private static void awaitSettled(String db) throws Exception {
    String last = "";
    int stable = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stable < 4 && System.nanoTime() < deadline) {
      StringBuilder now = new StringBuilder();
      for (String view : ReferenceBi.VIEWS.keySet()) {
        now.append(run.count("SELECT count() FROM " + db + "." + view)).append(' ');
      }
      now.append(run.count("SELECT count() FROM " + db + ".scan_alerts"));
      stable = now.toString().equals(last) ? stable + 1 : 0;
      last = now.toString();
      Thread.sleep(500);
    }
  }

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
