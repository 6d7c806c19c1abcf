package io.siyu.e2e;

import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.localstack.ClickHouseEndpoint;
import io.siyu.localstack.LocalClickHouse;
import io.siyu.localstack.LocalKafka;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A real local stack for the demo and the end-to-end tests: a Kafka broker and a ClickHouse server
 * (or the one named by {@code CLICKHOUSE_URL}) with all data under one directory, the input topics,
 * a phone salt kept in that directory (never in the repository), and the job configuration — {@code
 * conf/local.yaml} pointed at these servers.
 */
public final class LocalRun implements AutoCloseable {
  public static final String[] INPUT_TOPICS = {"scan", "purchase", "interaction"};
  public static final String DEAD_LETTER_TOPIC = "dead-letters";
  public static final String PROFILE_UPDATES_TOPIC = "customer-profile-updates";
  public static final String TRIGGERS_TOPIC = "campaign-triggers";

  private final Path dir;
  private final LocalKafka kafka;
  private final ClickHouseEndpoint clickhouse;
  private final PhoneHasher phoneHasher;

  private LocalRun(Path dir, LocalKafka kafka, ClickHouseEndpoint clickhouse, PhoneHasher hasher) {
    this.dir = dir;
    this.kafka = kafka;
    this.clickhouse = clickhouse;
    this.phoneHasher = hasher;
  }

  public static LocalRun start(Path dir) throws IOException {
    Files.createDirectories(dir);
    LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
    ClickHouseEndpoint clickhouse;
    try {
      clickhouse = LocalClickHouse.fromEnvOrStart(dir.resolve("clickhouse"));
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    kafka.createTopics(3, INPUT_TOPICS);
    kafka.createTopics(1, DEAD_LETTER_TOPIC);
    kafka.createTopics(3, PROFILE_UPDATES_TOPIC);
    kafka.createTopics(3, TRIGGERS_TOPIC);
    return new LocalRun(dir, kafka, clickhouse, PhoneHasher.fromEnvironment(saltEnv(dir)));
  }

  /** The salt from the environment if set, else a random one kept in the run directory. */
  private static Map<String, String> saltEnv(Path dir) throws IOException {
    Map<String, String> env = System.getenv();
    if (env.containsKey(PhoneHasher.SALT_ENV) || env.containsKey(PhoneHasher.SALT_FILE_ENV)) {
      return env;
    }
    Path salt = dir.resolve("phone-salt");
    if (!Files.exists(salt)) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      Files.writeString(salt, HexFormat.of().formatHex(random));
    }
    return Map.of(PhoneHasher.SALT_FILE_ENV, salt.toString());
  }

  /**
   * conf/local.yaml pointed at this stack, reading each topic from the start, plus {@code
   * overrides} ({@code key=value}).
   */
  public JobConfig jobConfig(String database, String... overrides) {
    List<String> args =
        new ArrayList<>(
            List.of("--config", ConfigLoader.projectDir().resolve("conf/local.yaml").toString()));
    List<String> sets =
        new ArrayList<>(
            List.of(
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "kafka.starting-offsets=earliest",
                "clickhouse.url=jdbc:clickhouse://"
                    + clickhouse.host()
                    + ":"
                    + clickhouse.httpPort(),
                "clickhouse.database=" + database,
                "checkpoints.directory=" + dir.resolve("checkpoints").resolve(database).toUri(),
                "parallelism=2",
                // One scan-alert topic and transactional-id prefix per database, so that runs
                // side by side (tests) never fence each other's Kafka transactions.
                "bi.alerts-topic=" + database + "-scan-alerts",
                "bi.alerts-transactional-id-prefix=" + database + "-scan-alerts"));
    sets.addAll(List.of(overrides));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    JobConfig config = new ConfigLoader().load(args.toArray(String[]::new), System.getenv());
    kafka.createTopics(3, config.bi().alertsTopic());
    return config;
  }

  public LocalKafka kafka() {
    return kafka;
  }

  public ClickHouseEndpoint clickhouse() {
    return clickhouse;
  }

  public PhoneHasher phoneHasher() {
    return phoneHasher;
  }

  public Path dir() {
    return dir;
  }

  /** A single number from ClickHouse, e.g. a count. */
  public long count(String sql) {
    return Long.parseLong(clickhouse.query(sql).trim());
  }

  @Override
  public void close() throws Exception {
    try {
      clickhouse.close();
    } finally {
      kafka.close();
    }
  }
}
