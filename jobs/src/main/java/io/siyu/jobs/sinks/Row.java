package io.siyu.jobs.sinks;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds one row's values in column order, mapping this project's conventions (absent text is {@code
 * ''}, money is fen, times are epoch millis) to ClickHouse column types in one place.
 */
final class Row {
  private final PreparedStatement ps;
  private int index = 1;

  Row(PreparedStatement ps) {
    this.ps = ps;
  }

  void text(String value) throws SQLException {
    ps.setString(index++, value == null ? "" : value);
  }

  void integer(long value) throws SQLException {
    ps.setLong(index++, value);
  }

  /** A {@code Decimal(18, 2)} from fen. */
  void money(long fen) throws SQLException {
    ps.setBigDecimal(index++, BigDecimal.valueOf(fen, 2));
  }

  /** A {@code DateTime} (second precision, UTC) from epoch millis. */
  void dateTime(long epochMillis) throws SQLException {
    ps.setObject(index++, ClickHouseConnections.dateTime(epochMillis));
  }

  /** A {@code Date} from days since 1970-01-01. */
  void date(int epochDay) throws SQLException {
    ps.setObject(index++, java.time.LocalDate.ofEpochDay(epochDay));
  }

  void array(String[] values) throws SQLException {
    ps.setObject(index++, values);
  }
}
