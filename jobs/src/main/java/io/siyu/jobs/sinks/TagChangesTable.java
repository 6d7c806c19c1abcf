package io.siyu.jobs.sinks;

import io.siyu.jobs.profile.TagChange;
import io.siyu.udf.BusinessDay;
import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** {@code tag_changes} (sql/045). */
public final class TagChangesTable implements ClickHouseTable<TagChange> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("customer_key", "tag", "from_value", "to_value", "at", "at_ms", "business_date");

  private final BusinessDay businessDay;

  public TagChangesTable(ZoneId businessZone) {
    this.businessDay = new BusinessDay(businessZone);
  }

  @Override
  public String name() {
    return "tag_changes";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, TagChange c) throws IOException {
    r.text(c.customerKey());
    r.text(c.tag());
    r.text(c.from());
    r.text(c.to());
    r.dateTime(c.at());
    r.integer(c.at());
    r.date(businessDay.epochDay(c.at()));
  }
}
