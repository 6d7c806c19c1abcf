package io.siyu.jobs.sinks;

import io.siyu.jobs.bi.BiFact;
import java.io.IOException;
import java.util.List;

/** {@code paid_orders} (sql/085): every paid order with its customer at the time. */
public final class PaidOrdersTable implements ClickHouseTable<BiFact> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("customer_key", "order_id", "event_id", "ts", "ts_ms", "amount");

  @Override
  public String name() {
    return "paid_orders";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, BiFact f) throws IOException {
    r.text(f.customer);
    r.text(f.orderId);
    r.text(f.eventId);
    r.dateTime(f.ts);
    r.integer(f.ts);
    r.money(f.amountFen);
  }
}
