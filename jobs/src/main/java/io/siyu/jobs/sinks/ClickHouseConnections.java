package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Properties;

/**
 * The one place that knows which JDBC driver talks to ClickHouse and how; everything else uses
 * plain {@code java.sql}. The driver is {@code com.clickhouse:clickhouse-jdbc} 0.11 in its v1 mode,
 * the newest line that works against both ClickHouse 18.16 and current servers (README, "The
 * ClickHouse driver", has the measurements). What each URL setting is for:
 *
 * <ul>
 *   <li>{@code clickhouse.jdbc.v1=true}: the v2 client needs server features 18.16 lacks (404).
 *   <li>{@code compress=0}: the Debian 18.16 build breaks on compressed HTTP responses.
 *   <li>{@code server_version}/{@code server_time_zone}: skip the driver's start-up probe, which
 *       calls {@code currentUser()} (unknown to 18.16). All DateTime columns are declared {@code
 *       DateTime('UTC')}, so UTC is right whatever the server's own zone.
 *   <li>{@code format}/{@code default_format}: 18.16 ignores format and database headers and has no
 *       RowBinaryWithNamesAndTypes, so results come as TabSeparatedWithNamesAndTypes and the
 *       database goes in the URL parameters.
 *   <li>{@code namedParameter=true}: makes the driver send {@code INSERT ... VALUES} batches as
 *       plain SQL instead of rewriting them to the {@code input()} table function (newer than
 *       18.16). Parameters are still bound by position.
 * </ul>
 */
public final class ClickHouseConnections {
  private static final String DRIVER_SETTINGS =
      "clickhouse.jdbc.v1=true&compress=0&namedParameter=true"
          + "&server_version=18.16.1&server_time_zone=UTC"
          + "&format=TabSeparatedWithNamesAndTypes";

  private ClickHouseConnections() {}

  /** A connection to the configured database. */
  public static Connection open(ClickHouseConfig config) throws SQLException {
    return DriverManager.getConnection(url(config, config.database()), properties(config));
  }

  /** A connection to the server's default database, for creating the configured one. */
  public static Connection openServer(ClickHouseConfig config) throws SQLException {
    return DriverManager.getConnection(url(config, "default"), properties(config));
  }

  /**
   * An INSERT for {@code columns}, with named placeholders (see the class comment for why) that are
   * bound by position.
   */
  public static String insertSql(String table, java.util.List<String> columns) {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
    sql.append(String.join(", ", columns)).append(") VALUES (");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? ":" : ", :").append(columns.get(i));
    }
    return sql.append(')').toString();
  }

  /** A DateTime parameter value: the instant as UTC wall time (the columns are DateTime('UTC')). */
  static Object dateTime(long epochMillis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
  }

  static String url(ClickHouseConfig config, String database) {
    // Accept the documented jdbc:clickhouse://host:port form and pin the HTTP protocol.
    String hostPort =
        config.url().replaceFirst("^jdbc:clickhouse:(http:)?//", "").replaceAll("/+$", "");
    String params =
        URLEncoder.encode(
            "default_format=TabSeparatedWithNamesAndTypes,database=" + database,
            StandardCharsets.UTF_8);
    return "jdbc:clickhouse:http://"
        + hostPort
        + "/"
        + database
        + "?"
        + DRIVER_SETTINGS
        + "&custom_http_params="
        + params;
  }

  private static Properties properties(ClickHouseConfig config) {
    Properties p = new Properties();
    p.setProperty("user", config.user());
    String password = System.getenv(ClickHouseConfig.PASSWORD_ENV);
    p.setProperty("password", password == null ? "" : password);
    return p;
  }
}
