package io.siyu.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse server started as a child process, for the demo and for integration tests.
 *
 * <p>It runs the installed {@code clickhouse-server} binary (Debian's 18.16 here; a current {@code
 * clickhouse server} multi-binary works too) with its own {@code config.xml} and {@code users.xml},
 * written under the directory given to {@link #start(Path)}, so it shares nothing with a
 * system-wide server: data, temporary files and logs all live in that directory, and it listens on
 * free ports on 127.0.0.1 only. User {@code default} has no password and may connect from the
 * loopback addresses only.
 *
 * <p>{@link #stop()} shuts the server down gracefully and keeps its data; {@link #startAgain()}
 * brings it back on the same ports and data, which lets tests simulate a ClickHouse outage in the
 * middle of a stream. A JVM shutdown hook, and a small watchdog process for the case where the JVM
 * dies without running its hooks, make sure no server outlives the JVM that started it.
 */
public final class LocalClickHouse implements ClickHouseEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(LocalClickHouse.class);

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  /** Environment variable naming the server binary, if it is not in a standard place. */
  public static final String BINARY_ENV = "CLICKHOUSE_SERVER_BIN";

  static final String INSTALL_HINT =
      "Install it with `apt-get install -y clickhouse-server clickhouse-client` (as root), or set "
          + URL_ENV
          + " to the HTTP URL of an existing server (e.g. http://127.0.0.1:8123).";

  /** Servers still running, for the shutdown hook. */
  private static final Set<LocalClickHouse> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(LocalClickHouse::stopQuietly), "localstack-clickhouse-stop"));
  }

  private final Path dir;
  private final List<String> serverCommand;
  private final int httpPort;
  private final int tcpPort;
  private Process process;
  private Process watchdog;

  private LocalClickHouse(Path dir, List<String> serverCommand, int httpPort, int tcpPort) {
    this.dir = dir;
    this.serverCommand = serverCommand;
    this.httpPort = httpPort;
    this.tcpPort = tcpPort;
  }

  /**
   * Starts a server whose files all live under {@code dir} and waits until it answers {@code
   * /ping}. A directory used before keeps its databases; the ports are new.
   *
   * @throws IllegalStateException if the binary is not installed (the message says how to install
   *     it) or the server does not come up within 60 s (the message has its error log)
   */
  public static LocalClickHouse start(Path dir) {
    long startedAt = System.nanoTime();
    List<String> command = serverCommand();
    Path absolute = dir.toAbsolutePath();
    IllegalStateException lastFailure = null;
    // A port picked as free can be taken before the server binds it; on the first start the ports
    // are not promised to anyone yet, so a new pair is fine.
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int[] ports = FreePorts.pick(2);
      LocalClickHouse server = new LocalClickHouse(absolute, command, ports[0], ports[1]);
      server.writeConfig();
      try {
        server.launch();
        LOG.info(
            "ClickHouse at {} (tcp {}) started in {} ms (data in {})",
            server.httpUrl(),
            server.tcpPort,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
            absolute);
        return server;
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  /**
   * The server named by the environment variable {@code CLICKHOUSE_URL} if it is set (nothing is
   * started, and stop/restart are unsupported), otherwise a new {@link LocalClickHouse} under
   * {@code dir}.
   *
   * @throws IllegalStateException if CLICKHOUSE_URL is set but that server does not answer /ping
   */
  public static ClickHouseEndpoint fromEnvOrStart(Path dir) {
    String url = System.getenv(URL_ENV);
    if (url != null && !url.isBlank()) {
      ExternalClickHouse external = ExternalClickHouse.of(url);
      // Fail here rather than in the first query: a stale CLICKHOUSE_URL left in a shell is the
      // usual cause, and the message should say so.
      if (!external.ping()) {
        throw new IllegalStateException(
            URL_ENV
                + "="
                + url
                + " is set but "
                + external.httpUrl()
                + "/ping does not answer. Start that server, or unset "
                + URL_ENV
                + " to start a local one.");
      }
      return external;
    }
    return start(dir);
  }

  /**
   * The command that runs the server: {@code $CLICKHOUSE_SERVER_BIN}, else {@code
   * clickhouse-server} (Debian and older packages), else the {@code clickhouse} multi-binary with
   * its {@code server} subcommand (current packages and the single-file download).
   */
  static List<String> serverCommand() {
    String fromEnv = System.getenv(BINARY_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path binary = Path.of(fromEnv.trim());
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(
            BINARY_ENV + "=" + fromEnv + " is not an executable file. " + INSTALL_HINT);
      }
      return commandFor(binary);
    }
    List<String> looked = new ArrayList<>();
    for (String name : List.of("clickhouse-server", "clickhouse")) {
      List<Path> candidates = new ArrayList<>();
      for (String known : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin")) {
        candidates.add(Path.of(known, name));
      }
      String path = System.getenv("PATH");
      if (path != null) {
        for (String entry : path.split(File.pathSeparator)) {
          if (!entry.isEmpty()) {
            candidates.add(Path.of(entry, name));
          }
        }
      }
      for (Path candidate : candidates) {
        looked.add(candidate.toString());
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return commandFor(candidate);
        }
      }
    }
    throw new IllegalStateException(
        "No ClickHouse server binary found (looked for clickhouse-server and clickhouse in "
            + String.join(", ", looked.stream().distinct().toList())
            + "). "
            + INSTALL_HINT);
  }

  private static List<String> commandFor(Path binary) {
    // The multi-binary picks its tool from argv[0] or, when called as "clickhouse", from the
    // first argument.
    if (binary.getFileName().toString().equals("clickhouse")) {
      return List.of(binary.toString(), "server");
    }
    return List.of(binary.toString());
  }

  private void writeConfig() {
    try {
      for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "logs")) {
        Files.createDirectories(dir.resolve(sub));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the ClickHouse directories in " + dir, e);
    }
    LocalFiles.writeAtomically(dir.resolve("config.xml"), configXml());
    LocalFiles.writeAtomically(dir.resolve("users.xml"), usersXml());
  }

  /**
   * The server config. The root element stays {@code <yandex>}: 18.16 knows no other, and current
   * servers still accept it. No interserver_http_port, mysql_port etc.: a server without them does
   * not open those ports.
   */
  String configXml() {
    return "<?xml version=\"1.0\"?>\n"
        + "<!-- Written by io.siyu.localstack.LocalClickHouse; rewritten on every start(). -->\n"
        + "<yandex>\n"
        + "  <logger>\n"
        + "    <level>warning</level>\n"
        + "    <log>"
        + xml(serverLog())
        + "</log>\n"
        + "    <errorlog>"
        + xml(errorLog())
        + "</errorlog>\n"
        + "    <size>100M</size>\n"
        + "    <count>3</count>\n"
        + "    <console>0</console>\n"
        + "  </logger>\n"
        + "  <listen_host>"
        + HOST
        + "</listen_host>\n"
        + "  <http_port>"
        + httpPort
        + "</http_port>\n"
        + "  <tcp_port>"
        + tcpPort
        + "</tcp_port>\n"
        + "  <path>"
        + xml(dir.resolve("data") + "/")
        + "</path>\n"
        + "  <tmp_path>"
        + xml(dir.resolve("tmp") + "/")
        + "</tmp_path>\n"
        + "  <user_files_path>"
        + xml(dir.resolve("user_files") + "/")
        + "</user_files_path>\n"
        + "  <format_schema_path>"
        + xml(dir.resolve("format_schemas") + "/")
        + "</format_schema_path>\n"
        + "  <users_config>"
        + xml(dir.resolve("users.xml").toString())
        + "</users_config>\n"
        + "  <default_profile>default</default_profile>\n"
        + "  <default_database>default</default_database>\n"
        + "  <timezone>UTC</timezone>\n"
        // Small caches: the defaults (5 GiB of marks, 8 GiB uncompressed) suit a dedicated host,
        // not a laptop or a CI runner next to Kafka and Flink.
        + "  <mark_cache_size>134217728</mark_cache_size>\n"
        + "  <uncompressed_cache_size>134217728</uncompressed_cache_size>\n"
        + "  <max_concurrent_queries>50</max_concurrent_queries>\n"
        // On SIGTERM the server waits for every open connection, an idle keep-alive one for up to
        // this long: 3 s (the packaged default) keeps stop() quick without making HTTP clients
        // that pool connections race the server's close more often than against a real install.
        + "  <keep_alive_timeout>3</keep_alive_timeout>\n"
        + "  <shutdown_wait_unfinished>1</shutdown_wait_unfinished>\n"
        + "</yandex>\n";
  }

  /** User {@code default}, no password, loopback only; no limits besides a memory cap. */
  static String usersXml() {
    return """
        <?xml version="1.0"?>
        <!-- Written by io.siyu.localstack.LocalClickHouse. -->
        <yandex>
          <profiles>
            <default>
              <max_memory_usage>4000000000</max_memory_usage>
            </default>
          </profiles>
          <users>
            <default>
              <password></password>
              <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
              </networks>
              <profile>default</profile>
              <quota>default</quota>
            </default>
          </users>
          <quotas>
            <default>
              <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
              </interval>
            </default>
          </quotas>
        </yandex>
        """;
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String xml(Path path) {
    return xml(path.toString());
  }

  /** Starts the process and waits for /ping; on failure the process is gone again. */
  private void launch() {
    List<String> command = new ArrayList<>(serverCommand);
    command.add("--config-file=" + dir.resolve("config.xml"));
    Path stdout = dir.resolve("logs").resolve("stdout.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()));
    builder.environment().put("TZ", "UTC");
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not run " + String.join(" ", command) + ": " + e + ". " + INSTALL_HINT, e);
    }
    RUNNING.add(this);
    watchdog = startWatchdog(process.pid());
    try {
      awaitPing();
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  /**
   * A shell loop that sends SIGTERM to the server once the JVM is gone. The shutdown hook covers a
   * normal exit; this covers a JVM killed with SIGKILL (a test run aborted by a timeout), which
   * would otherwise leave an orphaned server holding its ports and directory.
   */
  private static Process startWatchdog(long serverPid) {
    String script =
        "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done;"
            + " kill -0 \"$1\" 2>/dev/null || kill -TERM \"$2\" 2>/dev/null";
    try {
      return new ProcessBuilder(
              "/bin/sh",
              "-c",
              script,
              "localstack-clickhouse-watchdog",
              Long.toString(ProcessHandle.current().pid()),
              Long.toString(serverPid))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      // Only the SIGKILL case is lost; the shutdown hook still stops the server.
      LOG.warn("Could not start the ClickHouse watchdog: {}", e.toString());
      return null;
    }
  }

  private void awaitPing() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/ping"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "ClickHouse server exited with code "
                + process.exitValue()
                + " while starting. "
                + diagnostics());
      }
      try {
        HttpResponse<String> response =
            ClickHouseHttp.CLIENT.send(ping, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().trim().equals("Ok.")) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for ClickHouse", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for ClickHouse", e);
      }
    }
    throw new IllegalStateException(
        "ClickHouse did not answer "
            + httpUrl()
            + "/ping within "
            + START_TIMEOUT.toSeconds()
            + " s. "
            + diagnostics());
  }

  private String diagnostics() {
    return "Command: "
        + String.join(" ", serverCommand)
        + " --config-file="
        + dir.resolve("config.xml")
        + "\n--- tail of "
        + errorLog()
        + " ---\n"
        + LocalFiles.tail(errorLog(), 4000)
        + "\n--- tail of "
        + dir.resolve("logs").resolve("stdout.log")
        + " ---\n"
        + LocalFiles.tail(dir.resolve("logs").resolve("stdout.log"), 2000);
  }

  /**
   * Stops the server gracefully (SIGTERM, then waits up to 30 s before SIGKILL) and keeps its data
   * and ports for {@link #startAgain()}. Does nothing if it is not running.
   *
   * <p>Takes about 1 s for an idle server, up to 3 s more while a client holds an idle keep-alive
   * connection, and about 12 s while clients keep sending queries over open connections (18.16
   * serves them until it exits). Use {@link #kill()} for an outage that starts at once.
   */
  @Override
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    stopWatchdog();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("ClickHouse did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      RUNNING.remove(this);
      process = null;
    }
  }

  /**
   * Kills the server with SIGKILL, like a crash, and waits until it is gone. Data that inserts had
   * acknowledged survives; {@link #startAgain()} brings it back. Unlike {@link #stop()}, the server
   * stops answering at once: on SIGTERM it keeps serving requests on already open keep-alive
   * connections until it exits (up to about 12 s under steady traffic).
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    stopWatchdog();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      RUNNING.remove(this);
      process = null;
    }
  }

  private void stopWatchdog() {
    if (watchdog != null) {
      // Its "sleep 1" child first, or it would linger for up to a second after the shell is gone.
      watchdog.descendants().forEach(ProcessHandle::destroy);
      watchdog.destroy();
      try {
        watchdog.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      watchdog = null;
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      LOG.warn("Could not stop ClickHouse at {}", httpUrl(), e);
    }
  }

  /**
   * Starts a stopped server again with the same config, ports and data, and waits for /ping. Does
   * nothing if it is running.
   *
   * @throws IllegalStateException if it does not come up (e.g. a port was taken meanwhile)
   */
  @Override
  public synchronized void startAgain() {
    if (process != null && process.isAlive()) {
      return;
    }
    process = null;
    launch();
  }

  /** Same as {@link #startAgain()}; reads better where a test restarts after {@link #stop()}. */
  @Override
  public synchronized void restart() {
    stop();
    startAgain();
  }

  /** Stops the server (keeping its data). */
  @Override
  public void close() {
    stop();
  }

  /** True while the server process runs. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's process id while it runs. */
  public synchronized OptionalLong pid() {
    return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
  }

  /** The process handle of the server while it runs, e.g. to check that it is gone. */
  public synchronized Optional<ProcessHandle> processHandle() {
    return process == null ? Optional.empty() : Optional.of(process.toHandle());
  }

  @Override
  public boolean isManaged() {
    return true;
  }

  @Override
  public String host() {
    return HOST;
  }

  @Override
  public int httpPort() {
    return httpPort;
  }

  /** The native protocol port (for clickhouse-client --port). */
  public int tcpPort() {
    return tcpPort;
  }

  @Override
  public String httpUrl() {
    return "http://" + HOST + ":" + httpPort;
  }

  /** {@code jdbc:clickhouse://127.0.0.1:<http port>/<database>}. */
  @Override
  public String jdbcUrl(String database) {
    return ClickHouseEndpoint.super.jdbcUrl(database);
  }

  /** The directory holding config, data and logs. */
  public Path dir() {
    return dir;
  }

  /** The server's error log (warnings and errors), for diagnostics. */
  public Path errorLog() {
    return dir.resolve("logs").resolve("clickhouse-server.err.log");
  }

  /** The server's main log. */
  public Path serverLog() {
    return dir.resolve("logs").resolve("clickhouse-server.log");
  }

  @Override
  public String toString() {
    return "LocalClickHouse[" + httpUrl() + ", tcp " + tcpPort + ", " + dir + "]";
  }
}
