package io.siyu.jobs.sinks;

import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.udf.BusinessDay;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** {@code lifecycle_transitions} (sql/040). */
public final class TransitionsTable implements ClickHouseTable<LifecycleTransition> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("customer_key", "from_stage", "to_stage", "at", "at_ms", "business_date", "cause");

  private final BusinessDay businessDay;

  public TransitionsTable(ZoneId businessZone) {
    this.businessDay = new BusinessDay(businessZone);
  }

  @Override
  public String name() {
    return "lifecycle_transitions";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, LifecycleTransition t) throws IOException {
    r.text(t.customerKey());
    r.text(t.from() == null ? null : t.from().name());
    r.text(t.to().name());
    r.dateTime(t.at());
    r.integer(t.at());
    r.date(businessDay.epochDay(t.at()));
    r.text(t.cause());
  }
}
