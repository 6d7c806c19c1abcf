package io.siyu.localstack;

import java.nio.file.Path;

/**
 * Runs a {@link LocalKafka} broker for shell scripts: {@code LocalKafkaMain DIR [PORTFILE]}.
 *
 * <p>Keeps its data under DIR, writes {@code bootstrap.servers=127.0.0.1:PORT} to PORTFILE once the
 * broker answers (atomically, so a script can wait for the file to appear), and runs until killed;
 * SIGTERM or Ctrl-C shuts the broker down cleanly and deletes PORTFILE.
 */
public final class LocalKafkaMain {

  private LocalKafkaMain() {}

  public static void main(String[] args) {
    Mains.configureLogging();
    if (args.length < 1 || args.length > 2) {
      Mains.usage("usage: LocalKafkaMain DIR [PORTFILE]");
    }
    Path dir = Path.of(args[0]);
    Path portFile = args.length > 1 ? Path.of(args[1]) : null;
    if (portFile != null) {
      Mains.deleteStale(portFile);
    }
    long startedAt = System.nanoTime();
    LocalKafka kafka;
    try {
      kafka = LocalKafka.start(dir);
    } catch (RuntimeException e) {
      Mains.fail("Starting Kafka", e);
      return;
    }
    if (portFile != null) {
      LocalFiles.writeAtomically(portFile, "bootstrap.servers=" + kafka.bootstrapServers() + "\n");
    }
    System.out.printf(
        "Kafka broker running at %s (started in %d ms, data in %s, pid %d)%n",
        kafka.bootstrapServers(),
        (System.nanoTime() - startedAt) / 1_000_000,
        kafka.dir(),
        ProcessHandle.current().pid());
    Mains.runUntilKilled(kafka, portFile);
  }
}
