package io.siyu.jobs.bi;

import io.siyu.udf.BusinessDay;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.util.Collector;

/**
 * Per customer, in event-time order: marks a customer's first paid order ("orders of first-time
 * buyers") and stamps every paid order with the customer's cohort, the business month of that first
 * order (cohort retention). The customer is the canonical id at the time of the order; orders an
 * absorbed customer made before a later merge are not looked back at (README "BI").
 */
public final class FirstOrderFunction extends FactOrderedFunction<FirstOrderState> {
  private static final long serialVersionUID = 1L;

  private final BusinessDay businessDay;

  public FirstOrderFunction(ZoneId zone, int cacheEntries) {
    super(FirstOrderState.class, cacheEntries);
    this.businessDay = new BusinessDay(zone);
  }

  @Override
  protected FirstOrderState newState() {
    return new FirstOrderState();
  }

  @Override
  protected boolean onTick(
      long tick, List<BiFact> purchases, FirstOrderState s, Context ctx, Collector<BiFact> out) {
    for (BiFact p : purchases) {
      if (p.paid) {
        if (s.cohortEpochDay == Integer.MIN_VALUE) {
          s.cohortEpochDay = monthOf(p.ts);
          p.firstOrder = true;
        }
        p.cohortEpochDay = s.cohortEpochDay;
      }
      out.collect(p);
    }
    return s.cohortEpochDay != Integer.MIN_VALUE;
  }

  /** The first day of the business month of {@code ts}, as days since 1970-01-01. */
  int monthOf(long ts) {
    return (int) LocalDate.ofEpochDay(businessDay.epochDay(ts)).withDayOfMonth(1).toEpochDay();
  }
}
