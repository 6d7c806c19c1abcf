package io.siyu.e2e;

import java.nio.file.Path;
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

  @AfterAll
  static void stopStack() throws Exception {
    if (run != null) {
      run.close();
      run = null;
    }
  }
}
