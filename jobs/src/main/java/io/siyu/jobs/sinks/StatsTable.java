package io.siyu.jobs.sinks;

import io.siyu.jobs.bi.StatRow;
import io.siyu.jobs.bi.StatTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An aggregate table ({@code scan_stats}, {@code sales_stats}, {@code interaction_stats}, {@code
 * funnel_stats}; sql/060-075): ReplacingMergeTree(version) by (grain, grouping, window, dims), so
 * the row with the most contributions, the final one, is what stays.
 */
public final class StatsTable implements ClickHouseTable<StatRow> {
  private static final long serialVersionUID = 1L;

  private final StatTable table;
  private final List<String> columns;

  public StatsTable(StatTable table) {
    this.table = table;
    List<String> c =
        new ArrayList<>(List.of("grain", "grouping", "window_start", "window_start_ms", "day"));
    c.addAll(table.dims());
    c.addAll(table.sums());
    c.addAll(table.distincts());
    c.add("version");
    this.columns = List.copyOf(c);
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public void bind(Row row, StatRow r) throws IOException {
    row.text(r.grainName());
    row.text(r.grouping);
    row.dateTime(r.windowStartMs);
    row.integer(r.windowStartMs);
    row.date(r.epochDay);
    for (String d : r.dims) {
      row.text(d);
    }
    for (int i = 0; i < r.sums.length; i++) {
      if (table.money().contains(table.sums().get(i))) {
        row.money(r.sums[i]);
      } else {
        row.integer(r.sums[i]);
      }
    }
    for (int n : r.distinctCounts) {
      row.integer(n);
    }
    row.integer(r.version);
  }

  @Override
  public Object replacingKey(StatRow r) {
    return r.grain
        + "\u0001"
        + r.grouping
        + "\u0001"
        + r.windowStartMs
        + "\u0001"
        + String.join("\u0001", r.dims);
  }
}
