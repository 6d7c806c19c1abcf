package io.siyu.jobs.sinks;

import io.siyu.jobs.records.DeadLetter;
import java.io.IOException;
import java.util.List;

/** {@code dead_letters}: one row per rejected record (see {@code sql/020_dead_letters.sql}). */
public final class DeadLettersTable implements ClickHouseTable<DeadLetter> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of(
          "source_topic",
          "source_partition",
          "source_offset",
          "kafka_ts",
          "reason",
          "detail",
          "payload",
          "payload_bytes",
          "detected_at");

  @Override
  public String name() {
    return "dead_letters";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, DeadLetter d) throws IOException {
    r.text(d.sourceTopic());
    r.integer(d.sourcePartition());
    r.integer(d.sourceOffset());
    r.dateTime(Math.max(0, d.kafkaTimestamp()));
    r.text(d.reason().name());
    r.text(d.detail());
    r.text(d.payload());
    r.integer(d.payloadBytes());
    r.dateTime(System.currentTimeMillis());
  }
}
