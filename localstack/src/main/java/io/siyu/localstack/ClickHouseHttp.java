package io.siyu.localstack;

import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP client shared by all ClickHouse endpoints. */
final class ClickHouseHttp {

  /** HTTP/1.1 only: ClickHouse 18.16 does not speak HTTP/2, and the upgrade attempt is wasted. */
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ClickHouseHttp() {}
}
