package io.siyu.jobs.sinks;

import io.siyu.jobs.time.LateRecord;
import java.io.IOException;
import java.util.List;

/** {@code late_events} (sql/057): events behind their partition's event time when read. */
public final class LateEventsTable implements ClickHouseTable<LateRecord> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of(
          "stream", "source_partition", "source_offset", "event_id", "ts", "ts_ms", "effective_ms");

  @Override
  public String name() {
    return "late_events";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, LateRecord e) throws IOException {
    r.text(e.stream());
    r.integer(e.partition());
    r.integer(e.offset());
    r.text(e.eventId());
    r.dateTime(e.ts());
    r.integer(e.ts());
    r.integer(e.effectiveTs());
  }
}
