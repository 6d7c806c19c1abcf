package io.siyu.jobs.sinks;

import io.siyu.jobs.config.ClickHouseConfig;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A batched, retrying ClickHouse sink (Flink Sink V2). At-least-once: every buffered row is written
 * before a checkpoint completes. Exactly-once results come from the tables, which are
 * ReplacingMergeTree keyed by each row's deterministic id, so a row written again after a restart
 * replaces itself.
 *
 * <p>Written here rather than taken from a library: ClickHouse's own Flink connector is built for
 * Flink 2.0, is not available from Maven Central here, and cannot talk to the 18.16 server this
 * project must also support; Flink's JDBC connector has no ClickHouse dialect for 2.x.
 */
public final class ClickHouseSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final ClickHouseConfig config;
  private final ClickHouseTable<T> table;

  public ClickHouseSink(ClickHouseConfig config, ClickHouseTable<T> table) {
    this.config = config;
    this.table = table;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new ClickHouseSinkWriter<>(
        config, table, context.getProcessingTimeService(), context.metricGroup());
  }
}
