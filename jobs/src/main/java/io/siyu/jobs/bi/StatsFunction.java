package io.siyu.jobs.bi;

import io.siyu.udf.BusinessDay;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * The streaming aggregates of one key (table, grouping, dimension values), per minute and per
 * business day in event time (README "BI").
 *
 * <p>At every whole minute {@code E} of event time, the key folds in its contributions applied
 * before {@code E} and emits each window they changed, with {@code version} = contributions folded
 * so far. A window is kept until the watermark is {@code allowedLateness} past its end, so a late
 * record within the allowed lateness re-emits its window (a higher version replaces the row). Each
 * emitted row is a function of the input alone, which is what makes the at-least-once ClickHouse
 * write exact: a row written again after a restart is the same row.
 *
 * <p>Why not Flink's window operator: a window there fires on the watermark with whatever has
 * arrived by then, which at parallelism above one includes some records after the firing time and
 * not others; and a day window would be seen only when the day ends.
 */
public final class StatsFunction extends MinuteOrderedFunction<StatInput, StatRow, KeyStats> {
  private static final long serialVersionUID = 1L;

  /** Sums and distinct sets do not depend on the order; any fixed one will do. */
  private static final Comparator<StatInput> BY_TIME = Comparator.comparingLong(in -> in.at);

  private final long allowedLatenessMs;
  private final BusinessDay businessDay;
  private final ZoneId zone;
  private transient Counter rows;

  public StatsFunction(long allowedLatenessMs, ZoneId zone, int cacheEntries) {
    super(KeyStats.class, cacheEntries);
    this.allowedLatenessMs = allowedLatenessMs;
    this.zone = zone;
    this.businessDay = new BusinessDay(zone);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    rows = getRuntimeContext().getMetricGroup().counter("biStatRows");
  }

  @Override
  protected KeyStats newState() {
    KeyStats s = new KeyStats();
    s.minutes = new HashMap<>();
    s.days = new HashMap<>();
    return s;
  }

  @Override
  protected Comparator<StatInput> order() {
    return BY_TIME;
  }

  @Override
  protected long at(StatInput in) {
    return in.at;
  }

  @Override
  protected boolean onTick(
      long tick, List<StatInput> inputs, KeyStats s, Context ctx, Collector<StatRow> out) {
    if (!inputs.isEmpty()) {
      fold(inputs, s, out);
    }
    long last = Long.MIN_VALUE;
    for (Iterator<Long> it = s.minutes.keySet().iterator(); it.hasNext(); ) {
      long expiry = it.next() + MINUTE + allowedLatenessMs;
      if (expiry <= tick) {
        it.remove();
      } else {
        last = Math.max(last, expiry);
      }
    }
    for (Iterator<Integer> it = s.days.keySet().iterator(); it.hasNext(); ) {
      long expiry = dayStartMs(it.next() + 1) + allowedLatenessMs;
      if (expiry <= tick) {
        it.remove();
      } else {
        last = Math.max(last, expiry);
      }
    }
    // One clean-up timer per key, when its last window expires (on the minute grid, so it shares
    // a tick's timer); windows expiring earlier are dropped by the ticks in between, if any.
    long cleanup = last == Long.MIN_VALUE ? Long.MIN_VALUE : tickOf(last - 1);
    if (cleanup > s.cleanupAt) {
      ctx.timerService().registerEventTimeTimer(cleanup);
      s.cleanupAt = cleanup;
    }
    return !s.minutes.isEmpty() || !s.days.isEmpty();
  }

  private void fold(List<StatInput> inputs, KeyStats s, Collector<StatRow> out) {
    StatInput first = inputs.get(0);
    StatTable table = StatTable.byId(first.table);
    Set<Long> changedMinutes = new HashSet<>();
    Set<Integer> changedDays = new HashSet<>();
    for (StatInput in : inputs) {
      long minute = Math.floorDiv(in.windowTs, MINUTE) * MINUTE;
      s.minutes
          .computeIfAbsent(
              minute, k -> StatAcc.empty(table.sums().size(), table.distincts().size()))
          .add(in);
      changedMinutes.add(minute);
      int day = businessDay.epochDay(in.windowTs);
      s.days
          .computeIfAbsent(day, k -> StatAcc.empty(table.sums().size(), table.distincts().size()))
          .add(in);
      changedDays.add(day);
    }
    for (long minute : changedMinutes) {
      out.collect(
          row(first, StatRow.MINUTE, minute, businessDay.epochDay(minute), s.minutes.get(minute)));
    }
    for (int day : changedDays) {
      out.collect(row(first, StatRow.DAY, dayStartMs(day), day, s.days.get(day)));
    }
  }

  private StatRow row(StatInput key, byte grain, long start, int epochDay, StatAcc acc) {
    rows.inc();
    StatRow r = new StatRow();
    r.table = key.table;
    r.grain = grain;
    r.grouping = key.grouping;
    r.dims = key.dims;
    r.windowStartMs = start;
    r.epochDay = epochDay;
    r.sums = acc.sums.clone();
    r.distinctCounts = acc.distinctCounts.clone();
    r.version = acc.version;
    return r;
  }

  private long dayStartMs(int epochDay) {
    return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
