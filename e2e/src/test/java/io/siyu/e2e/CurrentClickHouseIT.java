package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.schema.SchemaApplier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Every file of {@code sql/} on a current ClickHouse engine too, with the same answers as on the
 * 18.16 server: only 18.16 installs here as a server, so the current engine (26.x) runs in process
 * from the npm package chdb ({@code e2e/chdb/run-sql.js}, installed by {@code bin/setup}).
 *
 * <p>The main job writes a generated history into 18.16 (bounded replay); every table's rows are
 * copied as they are (TabSeparated, duplicates not yet merged included) into the current engine,
 * where the same DDL was applied; then every view is queried on both and the answers compared as
 * sorted rows. Numbers are compared by value ({@code 12.30} on 18.16 is {@code 12.3} on current
 * servers) and the zero time as the same value (18.16 prints it {@code 0000-00-00 00:00:00},
 * current servers {@code 1970-01-01 00:00:00}, which a BI tool on a current server will show for
 * "no purchase yet"); everything else as text.
 */
class CurrentClickHouseIT extends EndToEndTestBase {
  private static final String PREFIX = "current-";
  private static final String DB = "it_current";

  @Test
  void everySqlFileAppliesAndEveryViewAnswersAsOn18() throws Exception {
    writeHistory();

    List<String> tables = names("engine != 'View'");
    List<String> views = names("engine = 'View'");
    assertEquals(viewsInSqlFiles(), views.size(), "every view of sql/ is there: " + views);
    Path work = Files.createTempDirectory(dir, "chdb");
    Path data = Files.createDirectories(work.resolve("data"));
    for (String table : tables) {
      Files.writeString(
          data.resolve(table + ".tsv"),
          run.clickhouse().query("SELECT " + asNumbers(table) + " FROM " + DB + "." + table),
          StandardCharsets.UTF_8);
    }
    List<String> queries = new ArrayList<>();
    for (String view : views) {
      queries.add("SELECT * FROM siyu." + view);
    }
    Path queryFile = Files.write(work.resolve("queries.txt"), queries, StandardCharsets.UTF_8);
    Path answers = work.resolve("answers.json");
    String engine = runOnCurrentEngine(data, queryFile, answers);

    JsonNode current = new ObjectMapper().readTree(answers.toFile());
    Map<String, String> differences = new TreeMap<>();
    int rows = 0;
    for (String view : views) {
      List<String> old = rows(run.clickhouse().query("SELECT * FROM " + DB + "." + view));
      List<String> now = rows(current.get("SELECT * FROM siyu." + view).asText());
      rows += old.size();
      if (!old.equals(now)) {
        differences.put(
            view,
            old.size() + " rows on 18.16, " + now.size() + " on " + engine + firstDiff(old, now));
      }
    }
    assertEquals(Map.of(), differences, "views whose answers differ on " + engine);
    assertTrue(rows > 1_000, "the views answered with data: " + rows + " rows");
  }

  /** The main job, bounded, over a small history: every table gets rows. */
  private static void writeHistory() throws Exception {
    String[] topics = {PREFIX + "scan", PREFIX + "purchase", PREFIX + "interaction"};
    GeneratedHistory history =
        new GeneratedHistory(
            EventGenerator.generateAll(
                GeneratorConfig.defaults()
                    .withCustomers(600)
                    .withEvents(8_000)
                    .withSeed(7)
                    .withDays(120)
                    .withMalformedShare(0.02)
                    .withTopics(topics[0], topics[1], topics[2])));
    run.kafka().createTopics(3, topics);
    run.kafka().createTopics(1, PREFIX + "dead-letters");
    run.kafka().createTopics(3, PREFIX + "profile-updates");
    run.kafka().createTopics(3, PREFIX + "campaign-triggers");
    history.produceAll(run.kafka().bootstrapServers());
    JobConfig config =
        run.jobConfig(
            DB,
            "kafka.bounded=true",
            "kafka.group-id=it-" + PREFIX,
            "kafka.topics.scan=" + topics[0],
            "kafka.topics.purchase=" + topics[1],
            "kafka.topics.interaction=" + topics[2],
            "kafka.topics.dead-letters=" + PREFIX + "dead-letters",
            "kafka.topics.profile-updates=" + PREFIX + "profile-updates",
            "journeys.topic=" + PREFIX + "campaign-triggers",
            "journeys.transactional-id-prefix=it-" + PREFIX + "journeys",
            "clickhouse.flush-interval=200ms",
            "checkpoints.interval=1s");
    SchemaApplier.apply(config.clickhouse());
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    SiyuJob.attachProduction(env, config, run.phoneHasher());
    env.executeAsync("current clickhouse").getJobExecutionResult().get(10, TimeUnit.MINUTES);
  }

  /**
   * The table's columns with dates and times as numbers (seconds, days), which copy exactly: their
   * text differs between versions.
   */
  private static String asNumbers(String table) {
    List<String> columns = new ArrayList<>();
    for (String line :
        run.clickhouse()
            .query(
                "SELECT name, type FROM system.columns WHERE database = '"
                    + DB
                    + "' AND table = '"
                    + table
                    + "'")
            .split("\n")) {
      String[] c = line.split("\t");
      columns.add(
          c[1].startsWith("DateTime")
              ? "toUInt32(" + c[0] + ")"
              : c[1].equals("Date") ? "toUInt16(" + c[0] + ")" : c[0]);
    }
    return String.join(", ", columns);
  }

  private static long viewsInSqlFiles() throws Exception {
    try (var files = Files.list(ConfigLoader.projectDir().resolve("sql"))) {
      return files.filter(f -> read(f).contains("CREATE VIEW")).count();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> names(String condition) {
    return rows(
        run.clickhouse()
            .query(
                "SELECT name FROM system.tables WHERE database = '" + DB + "' AND " + condition));
  }

  /** Runs the DDL, loads the rows and answers the queries on the current engine; its version. */
  private static String runOnCurrentEngine(Path data, Path queries, Path answers) throws Exception {
    Path project = ConfigLoader.projectDir();
    Process node =
        new ProcessBuilder(
                "node",
                project.resolve("e2e/chdb/run-sql.js").toString(),
                project.resolve("sql").toString(),
                data.toString(),
                queries.toString(),
                answers.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(5, TimeUnit.MINUTES), "chdb finished");
    assertEquals(0, node.exitValue(), "every sql/ file applies on the current engine:\n" + output);
    return output.trim();
  }

  /** The rows of a TabSeparated answer, numbers normalised, sorted. */
  private static List<String> rows(String tsv) {
    List<String> out = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      if (!line.isEmpty()) {
        out.add(
            String.join(
                "\t",
                Arrays.stream(line.split("\t", -1)).map(CurrentClickHouseIT::value).toList()));
      }
    }
    out.sort(null);
    return out;
  }

  private static String value(String field) {
    // The zero time is shown as 0000-00-00 00:00:00 by 18.16 and as 1970-01-01 00:00:00 by
    // current servers: the same value.
    if (field.equals("0000-00-00 00:00:00") || field.equals("0000-00-00")) {
      return field.replace("0000-00-00", "1970-01-01");
    }
    if (!field.isEmpty() && field.matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(field).stripTrailingZeros().toPlainString();
    }
    return field;
  }

  private static String firstDiff(List<String> old, List<String> now) {
    List<String> onlyOld = new ArrayList<>(old);
    onlyOld.removeAll(now);
    List<String> onlyNow = new ArrayList<>(now);
    onlyNow.removeAll(old);
    return "; only on 18.16: "
        + onlyOld.stream().limit(3).toList()
        + "; only on the current engine: "
        + onlyNow.stream().limit(3).toList();
  }
}
