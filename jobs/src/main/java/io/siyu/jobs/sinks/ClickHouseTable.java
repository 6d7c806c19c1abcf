package io.siyu.jobs.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * How one kind of record becomes a row of one ClickHouse table: its values in column order, through
 * {@link Row}, which encodes them as RowBinary for the column types ClickHouse declares.
 */
public interface ClickHouseTable<T> extends Serializable {

  String name();

  List<String> columns();

  /** Writes {@code row}'s values, one per column of {@link #columns()}, in that order. */
  void bind(Row out, T row) throws IOException;

  /**
   * For a table where a later row of the same key replaces an earlier one (ReplacingMergeTree by
   * version), the key; null where every row counts. Lets a sink send only the last row per key.
   */
  default Object replacingKey(T row) {
    return null;
  }

  /** The INSERT this table's rows are sent with (RowBinary follows it). */
  default String insertSql() {
    return "INSERT INTO " + name() + " (" + String.join(", ", columns()) + ") FORMAT RowBinary";
  }
}
