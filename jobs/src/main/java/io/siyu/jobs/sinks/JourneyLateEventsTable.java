package io.siyu.jobs.sinks;

import io.siyu.jobs.journey.LateEvent;
import java.io.IOException;
import java.util.List;

/** {@code journey_late_events} (sql/055): events that came too late for the journey patterns. */
public final class JourneyLateEventsTable implements ClickHouseTable<LateEvent> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("customer_id", "event_id", "kind", "ts", "ts_ms", "watermark_ms");

  @Override
  public String name() {
    return "journey_late_events";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, LateEvent e) throws IOException {
    r.text(e.customerId());
    r.text(e.eventId());
    r.text(e.kind());
    r.dateTime(e.ts());
    r.integer(e.ts());
    r.integer(e.watermark());
  }
}
