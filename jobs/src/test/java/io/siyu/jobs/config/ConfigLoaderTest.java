package io.siyu.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.TestFixtures;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void theShippedConfigsLoad() throws Exception {
    JobConfig local = TestFixtures.localConfig();
    assertEquals("siyu", local.clickhouse().database());
    assertEquals(Duration.ofSeconds(1), local.clickhouse().flushInterval());
    assertEquals(KafkaConfig.StartingOffsets.COMMITTED, local.kafka().startingOffsets());
    String prod = Files.readString(TestFixtures.repoRoot().resolve("conf/production.example.yaml"));
    JobConfig production =
        loader.parse(
            prod,
            List.of(),
            Map.of(
                "KAFKA_BOOTSTRAP", "k:9092",
                "KAFKA_SASL_JAAS_CONFIG", "x",
                "CLICKHOUSE_JDBC_URL", "jdbc:clickhouse://ch:8123"));
    assertEquals("k:9092", production.kafka().bootstrapServers());
    assertEquals("x", production.kafka().properties().get("sasl.jaas.config"));
  }

  @Test
  void overridesWinAndAreTyped() {
    JobConfig c =
        TestFixtures.localConfig(
            "kafka.bounded=true", "clickhouse.batch-size=7", "kafka.starting-offsets=earliest");
    assertTrue(c.kafka().bounded());
    assertEquals(7, c.clickhouse().batchSize());
    assertEquals(KafkaConfig.StartingOffsets.EARLIEST, c.kafka().startingOffsets());
    assertTrue(TestFixtures.localConfig().profile().identity().isParallel());
    assertEquals(
        false,
        TestFixtures.localConfig("profile.identity.parallel=false")
            .profile()
            .identity()
            .isParallel());
    assertEquals(20, TestFixtures.localConfig().profile().identity().maxIdsPerCustomer());
  }

  @Test
  void anUnknownKeyFailsNamingItAndTheKnownOnes() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> TestFixtures.localConfig("clickhouse.batchsize=5"));
    assertTrue(e.getMessage().contains("clickhouse.batchsize"), e.getMessage());
    assertTrue(e.getMessage().contains("batch-size"), e.getMessage());
  }

  @Test
  void aBadValueFailsNamingTheSetting() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> TestFixtures.localConfig("clickhouse.flush-interval=soon"));
    assertTrue(e.getMessage().contains("clickhouse.flush-interval"), e.getMessage());
    ConfigException zone =
        assertThrows(ConfigException.class, () -> TestFixtures.localConfig("time-zone=Mars/Base"));
    assertTrue(zone.getMessage().contains("time-zone"), zone.getMessage());
    ConfigException batch =
        assertThrows(
            ConfigException.class, () -> TestFixtures.localConfig("clickhouse.batch-size=0"));
    assertTrue(batch.getMessage().contains("clickhouse.batch-size"), batch.getMessage());
  }

  @Test
  void environmentVariablesAreSubstitutedAndAMissingOneFails() {
    assertEquals("a-b", ConfigLoader.substitute("${X}-${Y:-b}", Map.of("X", "a")));
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.substitute("${NOPE}", Map.of()));
    assertTrue(e.getMessage().contains("NOPE"));
  }
}
