package io.siyu.udf.sql;

import io.siyu.udf.BusinessDay;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.table.functions.ScalarFunction;

/** Flink SQL function {@code BUSINESS_DATE(epoch_millis, 'Asia/Shanghai')}. */
public class BusinessDate extends ScalarFunction {
  // A query uses one zone in practice: keep the last one rather than resolving it per row.
  private transient String lastZone;
  private transient BusinessDay lastDay;

  public LocalDate eval(Long epochMillis, String zone) {
    if (epochMillis == null || zone == null) {
      return null;
    }
    if (!zone.equals(lastZone)) {
      lastDay = new BusinessDay(ZoneId.of(zone));
      lastZone = zone;
    }
    return lastDay.date(epochMillis);
  }
}
