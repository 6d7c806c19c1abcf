package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where and how the sinks write to ClickHouse. The password is never in YAML: it is read from the
 * environment variable {@code CLICKHOUSE_PASSWORD} (empty when unset).
 */
public record ClickHouseConfig(
    String url,
    String database,
    String user,
    int batchSize,
    Duration flushInterval,
    Duration maxRetryTime,
    Duration initialBackoff,
    Duration maxBackoff,
    boolean applySchemaOnStart)
    implements Serializable {

  public static final String PASSWORD_ENV = "CLICKHOUSE_PASSWORD";

  void validate() {
    ConfigException.require(
        url != null && url.matches("jdbc:clickhouse:(http:)?//[^/?]+/?"),
        "clickhouse.url",
        "must be jdbc:clickhouse://host:port (the HTTP port, usually 8123; the database is set by clickhouse.database)");
    ConfigException.require(
        database != null && database.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "clickhouse.database",
        "must be a plain identifier");
    ConfigException.require(user != null && !user.isBlank(), "clickhouse.user", "must be set");
    ConfigException.require(batchSize > 0, "clickhouse.batch-size", "must be > 0");
    ConfigException.require(
        flushInterval != null && !flushInterval.isNegative() && !flushInterval.isZero(),
        "clickhouse.flush-interval",
        "must be > 0, e.g. 1s");
    ConfigException.require(
        maxRetryTime != null && !maxRetryTime.isNegative(),
        "clickhouse.max-retry-time",
        "must be >= 0, e.g. 10min");
    ConfigException.require(
        initialBackoff != null && initialBackoff.toMillis() > 0,
        "clickhouse.initial-backoff",
        "must be > 0, e.g. 200ms");
    ConfigException.require(
        maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
        "clickhouse.max-backoff",
        "must be >= initial-backoff");
  }
}
