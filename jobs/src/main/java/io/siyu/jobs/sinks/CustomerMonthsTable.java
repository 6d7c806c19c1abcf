package io.siyu.jobs.sinks;

import io.siyu.jobs.bi.BiFact;
import io.siyu.udf.BusinessDay;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code customer_months} (sql/090): a customer's months with a paid order, with its cohort; one
 * row per (customer, month) after merging, however many orders.
 */
public final class CustomerMonthsTable implements ClickHouseTable<BiFact> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("customer_key", "cohort_month", "active_month");

  private final BusinessDay businessDay;

  public CustomerMonthsTable(ZoneId zone) {
    this.businessDay = new BusinessDay(zone);
  }

  @Override
  public String name() {
    return "customer_months";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, BiFact f) throws IOException {
    r.text(f.customer);
    r.date(f.cohortEpochDay);
    r.date((int) LocalDate.ofEpochDay(businessDay.epochDay(f.ts)).withDayOfMonth(1).toEpochDay());
  }

  @Override
  public Object replacingKey(BiFact f) {
    return f.customer
        + "\u0001"
        + LocalDate.ofEpochDay(businessDay.epochDay(f.ts)).withDayOfMonth(1);
  }
}
