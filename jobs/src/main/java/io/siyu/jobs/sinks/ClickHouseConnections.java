package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
 *   <li>{@code namedParameter=true}: makes the driver send {@code INSERT ... VALUES} statements
 *       (the schema step, tests) as plain SQL instead of rewriting them to the {@code input()}
 *       table function (newer than 18.16). Parameters are still bound by position.
 * </ul>
 *
 * <p>The sinks' row inserts do not go through the driver: {@link #insertRowBinary} sends them as
 * RowBinary over HTTP (why: there).
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
   * The RowBinary encoding of each of {@code table}'s insert columns, from {@code system.columns}
   * (a table or column missing, or a type without an encoding, fails here, naming it).
   */
  static ColumnType[] columnTypes(Connection c, ClickHouseConfig config, ClickHouseTable<?> table)
      throws SQLException {
    java.util.Map<String, String> declared = new java.util.HashMap<>();
    try (var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT name, type FROM system.columns WHERE database = "
                    + quote(config.database())
                    + " AND table = "
                    + quote(table.name()))) {
      while (rs.next()) {
        declared.put(rs.getString(1), rs.getString(2));
      }
    }
    java.util.List<String> columns = table.columns();
    ColumnType[] types = new ColumnType[columns.size()];
    for (int i = 0; i < types.length; i++) {
      String type = declared.get(columns.get(i));
      if (type == null) {
        throw new SQLException(
            "ClickHouse table "
                + config.database()
                + "."
                + table.name()
                + " has no column "
                + columns.get(i)
                + " (apply the schema in sql/)");
      }
      types[i] = ColumnType.of(columns.get(i), type);
    }
    return types;
  }

  /**
   * Sends {@code rowBinary} with {@code insertSql} ({@code INSERT ... FORMAT RowBinary}) over
   * ClickHouse's HTTP interface. Why not the driver: its binary insert path rewrites the statement
   * to the {@code input()} table function, which ClickHouse 18.16 lacks, so through it every value
   * went as quoted SQL text — the client escaping each string and the server parsing it back (the
   * costliest insert format, in both processes). RowBinary is decoded by every server version.
   */
  static void insertRowBinary(ClickHouseConfig config, String insertSql, byte[] rowBinary)
      throws SQLException {
    String query =
        "database="
            + URLEncoder.encode(config.database(), StandardCharsets.UTF_8)
            + "&query="
            + URLEncoder.encode(insertSql, StandardCharsets.UTF_8);
    String password = System.getenv(ClickHouseConfig.PASSWORD_ENV);
    String credentials = config.user() + ":" + (password == null ? "" : password);
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpBase(config) + "/?" + query))
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .timeout(java.time.Duration.ofMinutes(2))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(rowBinary))
            .build();
    java.net.http.HttpResponse<String> response;
    try {
      response = HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new SQLException("ClickHouse is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while inserting", e);
    }
    if (response.statusCode() != 200) {
      String body = response.body();
      throw new SQLException(
          "ClickHouse refused the insert (HTTP "
              + response.statusCode()
              + "): "
              + (body.length() > 500 ? body.substring(0, 500) : body).trim());
    }
  }

  private static String quote(String literal) {
    return "'" + literal.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** http://host:port of the configured JDBC URL. */
  static String httpBase(ClickHouseConfig config) {
    boolean https = config.url().startsWith("jdbc:clickhouse:https:");
    String hostPort =
        config.url().replaceFirst("^jdbc:clickhouse:(https?:)?//", "").replaceAll("/.*$", "");
    return (https ? "https://" : "http://") + hostPort;
  }

  private static final java.net.http.HttpClient HTTP =
      java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(10))
          .build();

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
