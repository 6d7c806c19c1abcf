package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts a batch of rows into one table as RowBinary (the column types read from ClickHouse once),
 * retrying with exponential back-off while ClickHouse is unreachable — for up to {@code
 * max-retry-time}, holding the batch (and so back-pressuring the job); after that it fails, and the
 * job restarts from its last checkpoint: rows are never dropped.
 */
final class ClickHouseInserter<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseInserter.class);

  private final ClickHouseConfig config;
  private final ClickHouseTable<T> table;
  private final String insertSql;
  private final Counter retries;
  private Connection connection;
  private ColumnType[] types;

  /** One batch's RowBinary, reused: its capacity stays at the largest batch. */
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

  ClickHouseInserter(ClickHouseConfig config, ClickHouseTable<T> table, MetricGroup metrics) {
    this.config = config;
    this.table = table;
    this.insertSql = table.insertSql();
    this.retries = metrics.addGroup("clickhouse").counter("insertRetries");
  }

  void insert(Collection<T> rows) throws IOException, InterruptedException {
    if (rows.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
    long backoffMs = config.initialBackoff().toMillis();
    while (true) {
      try {
        insertOnce(rows);
        return;
      } catch (SQLException e) {
        closeQuietly();
        long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMs <= 0) {
          throw new IOException(
              "ClickHouse insert into "
                  + table.name()
                  + " failed for longer than clickhouse.max-retry-time ("
                  + config.maxRetryTime()
                  + "); failing so the job restarts from its last checkpoint",
              e);
        }
        retries.inc();
        LOG.warn(
            "Insert of {} rows into {} failed ({}); retrying in {} ms",
            rows.size(),
            table.name(),
            e.getMessage(),
            backoffMs);
        Thread.sleep(Math.min(backoffMs, remainingMs));
        backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
      }
    }
  }

  private void insertOnce(Collection<T> rows) throws SQLException {
    if (connection == null) {
      connection = ClickHouseConnections.open(config);
    }
    if (types == null) {
      types = ClickHouseConnections.columnTypes(connection, config, table);
    }
    buffer.reset();
    Row out = new Row(types, buffer);
    try {
      for (T row : rows) {
        table.bind(out.next(), row);
        out.end();
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a row of " + table.name(), e);
    }
    ClickHouseConnections.insertRowBinary(config, insertSql, buffer.toByteArray());
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The connection is already broken; a new one is opened on the next attempt.
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
