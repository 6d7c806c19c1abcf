package io.siyu.e2e;

import io.siyu.jobs.config.ConfigLoader;
import io.siyu.localstack.ClickHouseEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the dashboard script ({@code dashboard/render.js}, as {@code bin/dashboard} does): one
 * self-contained HTML page from the {@code bi_*} views of a database. Used by the demo at its end
 * and by {@code DashboardIT}.
 */
public final class Dashboard {
  private Dashboard() {}

  /** What the script printed (warnings such as a missing view) and the page it wrote. */
  public record Written(Path page, String output) {}

  /**
   * Writes the page for {@code database} on {@code clickhouse} to {@code out}.
   *
   * @throws IllegalStateException if Node.js or ECharts is missing (run bin/setup) or the script
   *     fails (its output is in the message)
   */
  public static Written write(ClickHouseEndpoint clickhouse, String database, Path out)
      throws IOException, InterruptedException {
    Path project = ConfigLoader.projectDir();
    Path script = project.resolve("dashboard/render.js");
    if (!Files.isDirectory(project.resolve("dashboard/node_modules/echarts"))) {
      throw new IllegalStateException(
          "Apache ECharts is not installed in dashboard/node_modules: run bin/setup");
    }
    Process node;
    try {
      node =
          new ProcessBuilder(
                  List.of(
                      "node",
                      script.toString(),
                      "--url",
                      clickhouse.httpUrl(),
                      "--database",
                      database,
                      "--out",
                      out.toAbsolutePath().toString()))
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("Node.js is not installed (node): run bin/setup", e);
    }
    node.getOutputStream().close();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(5, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new IllegalStateException("dashboard/render.js did not finish in 5 minutes");
    }
    if (node.exitValue() != 0 || !Files.isRegularFile(out)) {
      throw new IllegalStateException(
          "dashboard/render.js failed (exit " + node.exitValue() + "):\n" + output.trim());
    }
    return new Written(out.toAbsolutePath(), output);
  }
}
