package io.siyu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.siyu.localstack.ClickHouseEndpoint;
import io.siyu.localstack.LocalClickHouse;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person sees it: tables named and shaped like the {@code bi_*} views (their
 * contract) are filled with a small synthetic history ({@code dashboard/bi-fixture.sql}) in a
 * scratch database on the real ClickHouse server, {@code dashboard/render.js} writes the page, and
 * headless Chromium (Debian {@code chromium}, installed by {@code bin/setup}) renders it with name
 * resolution switched off. From the DOM Chromium dumps, every chart must have drawn with data, with
 * no script error; and the page must load nothing from the network.
 */
class DashboardIT {
  private static final String DB = "it_dashboard";

  /** Every chart of the page, by its container's id. */
  private static final List<String> CHARTS =
      List.of(
          "daily-trend",
          "minute-trend",
          "channel-gmv",
          "top-guides",
          "scan-rate",
          "diversion",
          "lifecycle",
          "rfm",
          "funnel",
          "journeys",
          "cohorts",
          "referral");

  @TempDir static Path dir;
  static ClickHouseEndpoint clickhouse;

  @BeforeAll
  static void startClickHouse() {
    clickhouse = LocalClickHouse.fromEnvOrStart(dir.resolve("clickhouse"));
  }

  @AfterAll
  static void stopClickHouse() {
    if (clickhouse != null) {
      clickhouse.close();
    }
  }

  @Test
  void everyChartDrawsWithDataAndThePageNeedsNoNetwork() throws Exception {
    Path chromium = chromium();
    loadFixture();

    Dashboard.Written written = Dashboard.write(clickhouse, DB, dir.resolve("dashboard.html"));
    assertFalse(
        written.output().contains("warning"), "no view is missing: " + written.output().trim());
    String html = Files.readString(written.page(), StandardCharsets.UTF_8);
    assertTrue(html.contains("<title>siyu — private-domain analytics</title>"), "the page's title");
    assertNoNetworkReference(html, "the written page");
    assertTrue(html.length() > 500_000, "ECharts is inlined: " + html.length() + " characters");

    String dom = dumpDom(chromium, written.page());
    Matcher body = Pattern.compile("<body\\b([^>]*\\bdata-charts-total=[^>]*)>").matcher(dom);
    assertTrue(body.find(), "the page's script ran (body has data-charts-total)");
    Map<String, String> bodyAttrs = attributes(body.group(1));
    assertEquals(null, bodyAttrs.get("data-errors"), "script errors in the page: " + bodyAttrs);
    assertEquals(String.valueOf(CHARTS.size()), bodyAttrs.get("data-charts-total"), "charts");
    assertEquals(
        String.valueOf(CHARTS.size()),
        bodyAttrs.get("data-charts-ready"),
        "every chart finished drawing");

    Map<String, Map<String, String>> charts = new LinkedHashMap<>();
    Matcher div = Pattern.compile("<div\\b([^>]*\\bclass=\"chart\"[^>]*)>").matcher(dom);
    while (div.find()) {
      Map<String, String> attrs = attributes(div.group(1));
      charts.put(attrs.get("id"), attrs);
    }
    assertEquals(CHARTS, new ArrayList<>(charts.keySet()), "the chart containers, in order");
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> chart : charts.entrySet()) {
      Map<String, String> a = chart.getValue();
      int points = Integer.parseInt(a.getOrDefault("data-drawn", "-1"));
      int shapes = Integer.parseInt(a.getOrDefault("data-shapes", "0"));
      if (a.containsKey("data-error") || points <= 0 || shapes < 10) {
        problems.add(
            chart.getKey()
                + " (from "
                + a.get("data-view")
                + "): data-drawn="
                + a.get("data-drawn")
                + ", svg shapes="
                + shapes
                + (a.containsKey("data-error") ? ", error: " + a.get("data-error") : ""));
      }
    }
    assertEquals(List.of(), problems, "charts that did not draw with data");
    assertTrue(dom.contains("<svg"), "the charts drew as SVG");
    assertNoNetworkReference(dom, "the rendered DOM");
  }

  /** Tables like the views, filled with the synthetic history, in a fresh scratch database. */
  private static void loadFixture() throws IOException {
    clickhouse.query("DROP DATABASE IF EXISTS " + DB);
    clickhouse.query("CREATE DATABASE " + DB);
    String sql;
    try (InputStream in = DashboardIT.class.getResourceAsStream("/dashboard/bi-fixture.sql")) {
      assertTrue(in != null, "dashboard/bi-fixture.sql on the test classpath");
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder noComments = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.stripLeading().startsWith("--")) {
        noComments.append(line).append('\n');
      }
    }
    int statements = 0;
    for (String statement : noComments.toString().split(";\\s*\n")) {
      if (!statement.isBlank()) {
        clickhouse.query(statement.replace("{db}", DB));
        statements++;
      }
    }
    assertEquals(22, statements, "a CREATE and an INSERT for each of the 11 views");
  }

  /** The DOM after the page's scripts ran, with no name resolution (nothing can be fetched). */
  private static String dumpDom(Path chromium, Path page) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path out = dir.resolve("dom.html");
    Path err = dir.resolve("chromium.log");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--virtual-time-budget=10000",
                "--dump-dom",
                page.toUri().toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("chromium did not finish in 2 minutes; its log: " + Files.readString(err));
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "chromium exit status; its log:\n" + Files.readString(err));
    assertTrue(
        dom.contains("</html>"), "chromium dumped the DOM; its log:\n" + Files.readString(err));
    return dom;
  }

  /** No src, href or CSS url() that points at http(s) or a protocol-relative address. */
  private static void assertNoNetworkReference(String html, String what) {
    Matcher m =
        Pattern.compile(
                "(?i)(\\b(?:src|href|xlink:href)\\s*=\\s*[\"']?\\s*(?:https?:|//)"
                    + "|url\\(\\s*[\"']?\\s*(?:https?:|//)|@import)")
            .matcher(html);
    if (m.find()) {
      int from = Math.max(0, m.start() - 80);
      fail(
          what
              + " refers to the network: ..."
              + html.substring(from, Math.min(html.length(), m.end() + 80))
              + "...");
    }
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("([\\w:-]+)=\"([^\"]*)\"").matcher(tag);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  /** The chromium binary on the PATH; fails (does not skip) when it is missing. */
  private static Path chromium() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, "chromium");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        "Chromium is not installed (no chromium on the PATH): run bin/setup, which installs the"
            + " Debian package chromium, to render the dashboard");
  }
}
