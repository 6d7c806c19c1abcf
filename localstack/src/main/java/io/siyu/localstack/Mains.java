package io.siyu.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** What the localstack mains share: logging set-up, usage errors and running until killed. */
final class Mains {

  private static final String LOG_CONFIG = "io/siyu/localstack/log4j2-localstack.xml";

  private Mains() {}

  /**
   * Points log4j2 at this module's quiet configuration unless the caller chose one. Must run before
   * the first logger is created, so it is the first thing every main does.
   */
  static void configureLogging() {
    if (System.getProperty("log4j2.configurationFile") == null
        && System.getProperty("log4j.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "classpath:" + LOG_CONFIG);
    }
  }

  /**
   * Reports a failed start and exits with status 1. System.exit rather than a thrown exception, so
   * that a half-started server's threads cannot keep the JVM alive.
   */
  static void fail(String what, RuntimeException e) {
    System.err.println(what + " failed: " + e.getMessage());
    if (e.getCause() != null) {
      e.printStackTrace();
    }
    System.exit(1);
  }

  static void usage(String message) {
    System.err.println(message);
    System.exit(2);
  }

  /** Deletes a file left by an earlier run, so a script never mistakes it for this run's. */
  static void deleteStale(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException("Could not delete stale " + file, e);
    }
  }

  /**
   * Closes {@code resource} and deletes {@code file} (may be null) when the JVM is asked to stop
   * (SIGTERM, SIGINT), then blocks the calling thread until then.
   */
  static void runUntilKilled(AutoCloseable resource, Path file) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (file != null) {
                      Files.deleteIfExists(file);
                    }
                    resource.close();
                  } catch (Exception e) {
                    System.err.println("Error while stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "localstack-main-stop"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
