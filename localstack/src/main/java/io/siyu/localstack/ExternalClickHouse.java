package io.siyu.localstack;

import java.net.URI;

/**
 * An existing ClickHouse server that this project did not start, e.g. the one named by {@code
 * CLICKHOUSE_URL}. It can be queried but not stopped or restarted.
 */
public final class ExternalClickHouse implements ClickHouseEndpoint {

  private final String host;
  private final int httpPort;
  private final String httpUrl;

  private ExternalClickHouse(String host, int httpPort) {
    this.host = host;
    this.httpPort = httpPort;
    this.httpUrl = "http://" + host + ":" + httpPort;
  }

  /**
   * The server at {@code url}, an {@code http://host[:port]} URL (port 8123 if none is given).
   *
   * @throws IllegalArgumentException if the URL is not of that form
   */
  public static ExternalClickHouse of(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a ClickHouse HTTP URL: " + url, e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Not a ClickHouse HTTP URL (expected http://host:port): " + url);
    }
    return new ExternalClickHouse(uri.getHost(), uri.getPort() == -1 ? 8123 : uri.getPort());
  }

  @Override
  public String httpUrl() {
    return httpUrl;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int httpPort() {
    return httpPort;
  }

  @Override
  public boolean isManaged() {
    return false;
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException(
        "ClickHouse at "
            + httpUrl
            + " was not started here (CLICKHOUSE_URL); it cannot be stopped");
  }

  @Override
  public void startAgain() {
    throw new UnsupportedOperationException(
        "ClickHouse at "
            + httpUrl
            + " was not started here (CLICKHOUSE_URL); it cannot be started");
  }

  @Override
  public void close() {
    // Not ours to stop.
  }

  @Override
  public String toString() {
    return "ExternalClickHouse[" + httpUrl + "]";
  }
}
