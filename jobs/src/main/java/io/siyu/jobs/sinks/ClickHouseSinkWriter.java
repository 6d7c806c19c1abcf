package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows and inserts them in batches: when the batch is full, every {@code flush-interval},
 * and before every checkpoint. While ClickHouse is unreachable it retries with exponential
 * back-off, holding the batch (and so back-pressuring the job) for up to {@code max-retry-time};
 * after that it fails the task, and the job restarts from its last checkpoint: rows are never
 * dropped.
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);

  private final ClickHouseConfig config;
  private final ClickHouseTable<T> table;
  private final String insertSql;
  private final ProcessingTimeService timers;
  private final Counter rowsWritten;
  private final Counter retries;
  private final List<T> buffer;
  private Connection connection;
  private boolean timerPending;

  ClickHouseSinkWriter(
      ClickHouseConfig config,
      ClickHouseTable<T> table,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics) {
    this.config = config;
    this.table = table;
    this.insertSql = table.insertSql();
    this.timers = timers;
    this.rowsWritten = metrics.getNumRecordsSendCounter();
    this.retries = metrics.addGroup("clickhouse").counter("insertRetries");
    metrics.addGroup("clickhouse").gauge("bufferedRows", this::bufferedRows);
    this.buffer = new ArrayList<>(config.batchSize());
  }

  private int bufferedRows() {
    return buffer.size();
  }

  @Override
  public void write(T row, Context context) throws IOException, InterruptedException {
    buffer.add(row);
    if (buffer.size() >= config.batchSize()) {
      insertBuffer();
    } else if (!timerPending) {
      timerPending = true;
      timers.registerTimer(
          timers.getCurrentProcessingTime() + config.flushInterval().toMillis(), this::onTimer);
    }
  }

  private void onTimer(long time) throws IOException, InterruptedException {
    timerPending = false;
    insertBuffer();
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    insertBuffer();
  }

  private void insertBuffer() throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
    long backoffMs = config.initialBackoff().toMillis();
    while (true) {
      try {
        insertOnce();
        rowsWritten.inc(buffer.size());
        buffer.clear();
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
            buffer.size(),
            table.name(),
            e.getMessage(),
            backoffMs);
        Thread.sleep(Math.min(backoffMs, remainingMs));
        backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
      }
    }
  }

  private void insertOnce() throws SQLException {
    if (connection == null) {
      connection = ClickHouseConnections.open(config);
    }
    try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
      for (T row : buffer) {
        table.bind(insert, row);
        insert.addBatch();
      }
      insert.executeBatch();
    }
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
