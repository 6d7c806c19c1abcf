package io.siyu.jobs.sinks;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * How one kind of record becomes a row of one ClickHouse table. Implementations bind values with
 * plain JDBC setters only, so that the driver stays a choice made in {@link ClickHouseConnections}.
 */
public interface ClickHouseTable<T> extends Serializable {

  String name();

  List<String> columns();

  /** Binds {@code row} to parameters 1..columns().size() of {@code insert}. */
  void bind(PreparedStatement insert, T row) throws SQLException;

  /**
   * For a table where a later row of the same key replaces an earlier one (ReplacingMergeTree by
   * version), the key; null where every row counts. Lets a sink send only the last row per key.
   */
  default Object replacingKey(T row) {
    return null;
  }

  default String insertSql() {
    return ClickHouseConnections.insertSql(name(), columns());
  }
}
