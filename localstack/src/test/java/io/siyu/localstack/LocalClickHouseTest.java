package io.siyu.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the installed ClickHouse server for real, stops it and starts it again. */
class LocalClickHouseTest {

  @TempDir Path dir;

  @Test
  void dataSurvivesStopAndStartAgain() {
    long t0 = System.nanoTime();
    ProcessHandle server;
    List<ProcessHandle> children;
    try (LocalClickHouse clickHouse = LocalClickHouse.start(dir)) {
      System.out.printf(
          "LocalClickHouse started in %d ms: %s%n",
          (System.nanoTime() - t0) / 1_000_000, clickHouse);
      int httpPort = clickHouse.httpPort();
      int tcpPort = clickHouse.tcpPort();
      assertEquals("1\n", clickHouse.query("SELECT 1"));
      // The server's time zone is UTC (18.16 reports it as "Etc/UTC").
      assertEquals(
          "1704067200\n",
          clickHouse.query("SELECT toUnixTimestamp(toDateTime('2024-01-01 00:00:00'))"));
      assertEquals("jdbc:clickhouse://127.0.0.1:" + httpPort + "/siyu", clickHouse.jdbcUrl("siyu"));
      assertTrue(Files.isDirectory(dir.resolve("data")));

      clickHouse.query("CREATE DATABASE IF NOT EXISTS siyu");
      clickHouse.query(
          "CREATE TABLE siyu.events (day Date, id UInt64, name String)"
              + " ENGINE = MergeTree PARTITION BY toYYYYMM(day) ORDER BY id");
      clickHouse.query("INSERT INTO siyu.events VALUES ('2024-05-01', 1, 'first')");

      ClickHouseQueryException error =
          assertThrows(
              ClickHouseQueryException.class, () -> clickHouse.query("SELECT * FROM siyu.nope"));
      assertEquals(404, error.statusCode(), error.body());
      assertTrue(error.body().contains("nope"), error.body());

      long s0 = System.nanoTime();
      clickHouse.stop();
      System.out.printf("LocalClickHouse stopped in %d ms%n", (System.nanoTime() - s0) / 1_000_000);
      assertFalse(clickHouse.isRunning());
      assertFalse(LocalKafkaTest.isListening(httpPort));
      assertThrows(ClickHouseQueryException.class, () -> clickHouse.query("SELECT 1"));

      long r0 = System.nanoTime();
      clickHouse.startAgain();
      System.out.printf(
          "LocalClickHouse started again in %d ms%n", (System.nanoTime() - r0) / 1_000_000);
      assertEquals(httpPort, clickHouse.httpPort());
      assertEquals(tcpPort, clickHouse.tcpPort());
      assertTrue(LocalKafkaTest.isListening(tcpPort));
      assertEquals("1\tfirst\n", clickHouse.query("SELECT id, name FROM siyu.events"));

      clickHouse.query("INSERT INTO siyu.events VALUES ('2024-05-02', 2, 'second')");
      clickHouse.restart();
      assertEquals("2\n", clickHouse.query("SELECT count() FROM siyu.events"));

      // A crash: acknowledged inserts are still there afterwards.
      clickHouse.query("INSERT INTO siyu.events VALUES ('2024-05-03', 3, 'third')");
      long k0 = System.nanoTime();
      clickHouse.kill();
      System.out.printf("LocalClickHouse killed in %d ms%n", (System.nanoTime() - k0) / 1_000_000);
      assertFalse(LocalKafkaTest.isListening(httpPort));
      clickHouse.startAgain();
      assertEquals("3\n", clickHouse.query("SELECT count() FROM siyu.events"));

      server = clickHouse.processHandle().orElseThrow();
      children = ProcessHandle.current().children().toList();
      assertTrue(children.size() >= 2, "server and watchdog: " + children);
    }
    // close() waits for the server; the watchdog is stopped before it.
    assertFalse(server.isAlive(), "ClickHouse server still running after close()");
    for (ProcessHandle child : children) {
      assertFalse(child.isAlive(), "left behind: " + child.info());
    }
  }

  @Test
  void externalEndpointQueriesButCannotBeStopped() {
    try (LocalClickHouse clickHouse = LocalClickHouse.start(dir)) {
      ClickHouseEndpoint external = ExternalClickHouse.of(clickHouse.httpUrl() + "/");
      assertFalse(external.isManaged());
      assertEquals(clickHouse.httpUrl(), external.httpUrl());
      assertEquals(clickHouse.jdbcUrl("default"), external.jdbcUrl("default"));
      assertEquals("2\n", external.query("SELECT 1 + 1"));
      assertThrows(UnsupportedOperationException.class, external::stop);
      assertThrows(UnsupportedOperationException.class, external::restart);
      external.close(); // does nothing
      assertEquals("1\n", clickHouse.query("SELECT 1"));
    }
  }

  @Test
  void missingBinaryMessageSaysHowToInstall() {
    assertTrue(LocalClickHouse.INSTALL_HINT.contains("apt-get install -y clickhouse-server"));
    assertTrue(LocalClickHouse.INSTALL_HINT.contains("CLICKHOUSE_URL"));
  }
}
