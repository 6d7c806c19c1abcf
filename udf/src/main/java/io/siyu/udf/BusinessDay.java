package io.siyu.udf;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The business day an event-time instant falls on, in the brand's configured time zone (default
 * Asia/Shanghai): a purchase at 23:30 UTC belongs to the next day in Shanghai.
 */
public final class BusinessDay implements Serializable {
  private static final long serialVersionUID = 1L;

  // ZoneRules is serializable, so functions and sinks can hold a BusinessDay directly.
  private final ZoneRules rules;

  public BusinessDay(ZoneId zone) {
    this.rules = zone.getRules();
  }

  /** Days since 1970-01-01 in the business zone (ClickHouse {@code Date} stores exactly this). */
  public int epochDay(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    int offset = rules.getOffset(Instant.ofEpochSecond(seconds)).getTotalSeconds();
    return (int) Math.floorDiv(seconds + offset, 86_400L);
  }

  public LocalDate date(long epochMillis) {
    return LocalDate.ofEpochDay(epochDay(epochMillis));
  }
}
