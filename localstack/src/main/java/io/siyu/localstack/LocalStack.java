package io.siyu.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka and ClickHouse together, for the demo and for end-to-end tests: {@link LocalKafka} in this
 * JVM under {@code DIR/kafka} and {@link LocalClickHouse} as a child process under {@code
 * DIR/clickhouse} (or the existing server named by {@code CLICKHOUSE_URL}).
 *
 * <p>As a main, {@code LocalStack DIR [ENVFILE]} starts both, writes a shell-sourceable env file
 * (default {@code DIR/localstack.env}) once both answer, and runs until killed; SIGTERM or Ctrl-C
 * stops both and deletes the env file. The file holds:
 *
 * <pre>
 * KAFKA_BOOTSTRAP=127.0.0.1:PORT
 * CLICKHOUSE_HTTP=http://127.0.0.1:PORT
 * CLICKHOUSE_HTTP_PORT=PORT
 * CLICKHOUSE_TCP_PORT=PORT      (only for a ClickHouse started here)
 * LOCALSTACK_PID=PID            (kill it to stop both)
 * </pre>
 *
 * <p>CLICKHOUSE_URL is deliberately not written: a shell that sourced the file would otherwise make
 * the next run reuse a server that is gone.
 */
public final class LocalStack implements AutoCloseable {

  private final LocalKafka kafka;
  private final ClickHouseEndpoint clickHouse;

  private LocalStack(LocalKafka kafka, ClickHouseEndpoint clickHouse) {
    this.kafka = kafka;
    this.clickHouse = clickHouse;
  }

  /**
   * Starts Kafka under {@code dir/kafka} and ClickHouse under {@code dir/clickhouse} (unless
   * CLICKHOUSE_URL is set), in parallel, and returns once both answer. If either fails, the other
   * is stopped again.
   */
  public static LocalStack start(Path dir) {
    Path absolute = dir.toAbsolutePath();
    // Not a static field: the main must choose the log4j2 configuration before SLF4J starts. And
    // SLF4J must start here, before ClickHouse starts on a second thread: two threads initialising
    // it at once lose log lines ("substitute loggers").
    Logger log = LoggerFactory.getLogger(LocalStack.class);
    // ClickHouse is a child process that starts in well under a second; starting it while the
    // broker boots hides that time entirely.
    CompletableFuture<ClickHouseEndpoint> clickHouse =
        CompletableFuture.supplyAsync(
            () -> LocalClickHouse.fromEnvOrStart(absolute.resolve("clickhouse")));
    LocalKafka kafka;
    try {
      kafka = LocalKafka.start(absolute.resolve("kafka"));
    } catch (RuntimeException e) {
      clickHouse.thenAccept(ClickHouseEndpoint::close);
      throw e;
    }
    try {
      LocalStack stack = new LocalStack(kafka, clickHouse.join());
      log.info(
          "Local stack up: Kafka {}, ClickHouse {}", kafka.bootstrapServers(), stack.clickHouse);
      return stack;
    } catch (CompletionException e) {
      kafka.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** The broker. */
  public LocalKafka kafka() {
    return kafka;
  }

  /** The ClickHouse server: a {@link LocalClickHouse} unless CLICKHOUSE_URL was set. */
  public ClickHouseEndpoint clickHouse() {
    return clickHouse;
  }

  /** The variables written to the env file, in order. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CLICKHOUSE_HTTP", clickHouse.httpUrl());
    env.put("CLICKHOUSE_HTTP_PORT", Integer.toString(clickHouse.httpPort()));
    if (clickHouse instanceof LocalClickHouse local) {
      env.put("CLICKHOUSE_TCP_PORT", Integer.toString(local.tcpPort()));
    }
    env.put("LOCALSTACK_PID", Long.toString(ProcessHandle.current().pid()));
    return env;
  }

  /** Writes {@link #env()} as KEY=VALUE lines, atomically. */
  public void writeEnvFile(Path file) {
    StringBuilder text = new StringBuilder();
    env().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    LocalFiles.writeAtomically(file, text.toString());
  }

  /** Stops ClickHouse (if started here) and Kafka, keeping their data. */
  @Override
  public void close() {
    try {
      clickHouse.close();
    } finally {
      kafka.close();
    }
  }

  public static void main(String[] args) {
    Mains.configureLogging();
    if (args.length < 1 || args.length > 2) {
      Mains.usage("usage: LocalStack DIR [ENVFILE]   (ENVFILE defaults to DIR/localstack.env)");
    }
    Path dir = Path.of(args[0]);
    Path envFile = args.length > 1 ? Path.of(args[1]) : dir.resolve("localstack.env");
    Mains.deleteStale(envFile);
    long startedAt = System.nanoTime();
    LocalStack stack;
    try {
      stack = start(dir);
    } catch (RuntimeException e) {
      Mains.fail("Starting the local stack", e);
      return;
    }
    stack.writeEnvFile(envFile);
    System.out.printf(
        "Local stack running (started in %d ms): Kafka %s, ClickHouse %s; env in %s%n",
        (System.nanoTime() - startedAt) / 1_000_000,
        stack.kafka().bootstrapServers(),
        stack.clickHouse().httpUrl(),
        envFile.toAbsolutePath());
    Mains.runUntilKilled(stack, envFile);
  }
}
