package io.siyu.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts Kafka and ClickHouse together under one directory and checks the env file. */
class LocalStackTest {

  @TempDir Path dir;

  @Test
  void startsBothAndWritesEnvFile() throws Exception {
    long t0 = System.nanoTime();
    Path envFile = dir.resolve("localstack.env");
    int kafkaPort;
    int clickHousePort;
    try (LocalStack stack = LocalStack.start(dir)) {
      System.out.printf("LocalStack started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      stack.writeEnvFile(envFile);
      Map<String, String> env = new LinkedHashMap<>();
      for (String line : Files.readAllLines(envFile)) {
        int eq = line.indexOf('=');
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
      assertEquals(stack.kafka().bootstrapServers(), env.get("KAFKA_BOOTSTRAP"));
      assertEquals(stack.clickHouse().httpUrl(), env.get("CLICKHOUSE_HTTP"));
      assertTrue(env.containsKey("CLICKHOUSE_TCP_PORT"), env.toString());
      assertEquals(Long.toString(ProcessHandle.current().pid()), env.get("LOCALSTACK_PID"));

      assertTrue(Files.isRegularFile(dir.resolve("kafka/server.properties")));
      assertTrue(Files.isRegularFile(dir.resolve("clickhouse/config.xml")));

      stack.kafka().createTopics(2, "t");
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", env.get("KAFKA_BOOTSTRAP")))) {
        assertTrue(admin.listTopics().names().get().contains("t"));
      }
      assertEquals("1\n", stack.clickHouse().query("SELECT 1"));
      kafkaPort = stack.kafka().brokerPort();
      clickHousePort = stack.clickHouse().httpPort();
    }
    assertFalse(LocalKafkaTest.isListening(kafkaPort));
    assertFalse(LocalKafkaTest.isListening(clickHousePort));
  }
}
