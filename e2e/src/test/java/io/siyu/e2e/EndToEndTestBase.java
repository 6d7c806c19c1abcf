package io.siyu.e2e;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test class stands on: a Flink mini cluster with two slots (the jobs run at
 * parallelism 2) and a real local stack — Kafka broker and ClickHouse server — for the class.
 */
abstract class EndToEndTestBase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir static Path dir;
  static LocalRun run;

  @BeforeAll
  static void startStack() throws Exception {
    run = LocalRun.start(dir);
  }

  /** Waits until every task of a cancelled job is gone, so the next job gets the slots. */
  static void awaitTerminal(JobClient job) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (run != null) {
      run.close();
      run = null;
    }
  }
}
