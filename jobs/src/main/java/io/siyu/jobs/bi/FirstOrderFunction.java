package io.siyu.jobs.bi;

import io.siyu.udf.BusinessDay;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Per customer, in event-time order: marks a customer's first paid order ("orders of first-time
 * buyers") and stamps every paid order with the customer's cohort, the business month of that first
 * order (cohort retention). The customer is the canonical id at the time of the order; orders an
 * absorbed customer made before a later merge are not looked back at (README "BI").
 */
public final class FirstOrderFunction extends MinuteOrderedFunction<BiFact, BiFact> {
  private static final long serialVersionUID = 1L;

  private final BusinessDay businessDay;
  private transient ValueState<Integer> cohort;

  public FirstOrderFunction(ZoneId zone) {
    super(TypeInformation.of(BiFact.class));
    this.businessDay = new BusinessDay(zone);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    cohort =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("cohort-month", TypeInformation.of(Integer.class)));
  }

  @Override
  protected java.util.Comparator<BiFact> order() {
    return CodeScanFunction.ORDER;
  }

  @Override
  protected long at(BiFact f) {
    return f.at;
  }

  @Override
  protected void onTick(long tick, List<BiFact> purchases, Context ctx, Collector<BiFact> out)
      throws Exception {
    if (purchases.isEmpty()) {
      return;
    }
    Integer month = cohort.value();
    boolean changed = false;
    for (BiFact p : purchases) {
      if (p.paid) {
        if (month == null) {
          month = monthOf(p.ts);
          p.firstOrder = true;
          changed = true;
        }
        p.cohortEpochDay = month;
      }
      out.collect(p);
    }
    if (changed) {
      cohort.update(month);
    }
  }

  /** The first day of the business month of {@code ts}, as days since 1970-01-01. */
  int monthOf(long ts) {
    return (int) LocalDate.ofEpochDay(businessDay.epochDay(ts)).withDayOfMonth(1).toEpochDay();
  }
}
