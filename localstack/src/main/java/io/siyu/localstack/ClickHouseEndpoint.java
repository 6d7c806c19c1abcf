package io.siyu.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A ClickHouse server reachable over HTTP: either one started by {@link LocalClickHouse} or an
 * existing one named by the environment variable {@code CLICKHOUSE_URL} (see {@link
 * LocalClickHouse#fromEnvOrStart(java.nio.file.Path)}).
 *
 * <p>Code that only needs to talk to ClickHouse should depend on this interface, so the same test
 * or demo runs against the local 18.16 server and against a current one.
 */
public interface ClickHouseEndpoint extends AutoCloseable {

  /** Environment variable naming an existing server, e.g. {@code http://127.0.0.1:8123}. */
  String URL_ENV = "CLICKHOUSE_URL";

  /** The base HTTP URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
  String httpUrl();

  /** The host of the HTTP interface. */
  String host();

  /** The port of the HTTP interface. */
  int httpPort();

  /** A JDBC URL for {@code database} over the HTTP interface: jdbc:clickhouse://host:port/db. */
  default String jdbcUrl(String database) {
    return "jdbc:clickhouse://" + host() + ":" + httpPort() + "/" + database;
  }

  /**
   * Runs one statement through the HTTP interface and returns the response body (TabSeparated
   * unless the statement says {@code FORMAT ...}). No compression is requested: the Debian build of
   * ClickHouse 18.16 sends broken compressed responses.
   *
   * @throws ClickHouseQueryException if the server answers with a status other than 200
   */
  default String query(String sql) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/"))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "text/plain; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response =
          ClickHouseHttp.CLIENT.send(
              request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ClickHouseQueryException(
          "ClickHouse at " + httpUrl() + " is not reachable: " + e, -1, "", sql);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseQueryException("Interrupted while querying ClickHouse", -1, "", sql);
    }
    if (response.statusCode() != 200) {
      throw new ClickHouseQueryException(
          "ClickHouse answered HTTP " + response.statusCode() + ": " + response.body().trim(),
          response.statusCode(),
          response.body(),
          sql);
    }
    return response.body();
  }

  /** True if {@code GET /ping} answers "Ok." within 2 s. */
  default boolean ping() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(httpUrl() + "/ping"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    try {
      HttpResponse<String> response =
          ClickHouseHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().trim().equals("Ok.");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True if this object started the server process (and so can stop and start it). */
  boolean isManaged();

  /**
   * Stops the server and keeps its data.
   *
   * @throws UnsupportedOperationException for a server this object did not start
   */
  void stop();

  /**
   * Starts a stopped server again on the same ports and data.
   *
   * @throws UnsupportedOperationException for a server this object did not start
   */
  void startAgain();

  /** {@link #stop()} then {@link #startAgain()}. */
  default void restart() {
    stop();
    startAgain();
  }

  /** Stops a server this object started; does nothing for an existing server. */
  @Override
  void close();
}
