package io.siyu.udf.sql;

import io.siyu.udf.BusinessDay;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.table.functions.ScalarFunction;

/** Flink SQL function {@code BUSINESS_DATE(epoch_millis, 'Asia/Shanghai')}. */
public class BusinessDate extends ScalarFunction {
  public LocalDate eval(Long epochMillis, String zone) {
    if (epochMillis == null || zone == null) {
      return null;
    }
    return new BusinessDay(ZoneId.of(zone)).date(epochMillis);
  }
}
