package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Buffers rows and inserts them in batches: when the batch is full, every {@code flush-interval},
 * and before every checkpoint (retrying while ClickHouse is down: {@link ClickHouseInserter}).
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T> {
  private final ClickHouseConfig config;
  private final ClickHouseInserter<T> inserter;
  private final ProcessingTimeService timers;
  private final Counter rowsWritten;
  private final List<T> buffer;
  private boolean timerPending;

  ClickHouseSinkWriter(
      ClickHouseConfig config,
      ClickHouseTable<T> table,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics) {
    this.config = config;
    this.inserter = new ClickHouseInserter<>(config, table, metrics);
    this.timers = timers;
    this.rowsWritten = metrics.getNumRecordsSendCounter();
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
    inserter.insert(buffer);
    rowsWritten.inc(buffer.size());
    buffer.clear();
  }

  @Override
  public void close() {
    inserter.close();
  }
}
