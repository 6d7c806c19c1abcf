package io.siyu.localstack;

import java.nio.file.Path;

/**
 * Runs a {@link LocalClickHouse} server for shell scripts: {@code LocalClickHouseMain DIR
 * PORTFILE}.
 *
 * <p>Keeps config, data and logs under DIR, writes {@code clickhouse.http.port=}, {@code
 * clickhouse.tcp.port=} and {@code clickhouse.http.url=} to PORTFILE once the server answers /ping,
 * and runs until killed; SIGTERM or Ctrl-C stops the server and deletes PORTFILE.
 */
public final class LocalClickHouseMain {

  private LocalClickHouseMain() {}

  public static void main(String[] args) {
    Mains.configureLogging();
    if (args.length != 2) {
      Mains.usage("usage: LocalClickHouseMain DIR PORTFILE");
    }
    Path dir = Path.of(args[0]);
    Path portFile = Path.of(args[1]);
    Mains.deleteStale(portFile);
    long startedAt = System.nanoTime();
    LocalClickHouse clickHouse;
    try {
      clickHouse = LocalClickHouse.start(dir);
    } catch (RuntimeException e) {
      Mains.fail("Starting ClickHouse", e);
      return;
    }
    LocalFiles.writeAtomically(
        portFile,
        "clickhouse.http.port="
            + clickHouse.httpPort()
            + "\nclickhouse.tcp.port="
            + clickHouse.tcpPort()
            + "\nclickhouse.http.url="
            + clickHouse.httpUrl()
            + "\n");
    System.out.printf(
        "ClickHouse running at %s, tcp port %d (started in %d ms, data in %s, pid %d)%n",
        clickHouse.httpUrl(),
        clickHouse.tcpPort(),
        (System.nanoTime() - startedAt) / 1_000_000,
        clickHouse.dir(),
        ProcessHandle.current().pid());
    Mains.runUntilKilled(clickHouse, portFile);
  }
}
