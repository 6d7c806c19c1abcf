package io.siyu.jobs.bi;

import io.siyu.udf.BusinessDay;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
public final class StatsFunction extends MinuteOrderedFunction<StatInput, StatRow> {
  private static final long serialVersionUID = 1L;

  private final long allowedLatenessMs;
  private final BusinessDay businessDay;
  private final ZoneId zone;
  private transient MapState<Long, StatAcc> minutes;
  private transient MapState<Integer, StatAcc> days;
  private transient Counter rows;

  public StatsFunction(long allowedLatenessMs, ZoneId zone) {
    super(TypeInformation.of(StatInput.class));
    this.allowedLatenessMs = allowedLatenessMs;
    this.zone = zone;
    this.businessDay = new BusinessDay(zone);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    minutes =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "minutes", TypeInformation.of(Long.class), TypeInformation.of(StatAcc.class)));
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "days", TypeInformation.of(Integer.class), TypeInformation.of(StatAcc.class)));
    rows = getRuntimeContext().getMetricGroup().counter("biStatRows");
  }

  /** Sums and distinct sets do not depend on the order; any fixed one will do. */
  private static final Comparator<StatInput> BY_TIME = Comparator.comparingLong(in -> in.at);

  @Override
  protected Comparator<StatInput> order() {
    return BY_TIME;
  }

  @Override
  protected long at(StatInput in) {
    return in.at;
  }

  @Override
  protected void onTick(long tick, List<StatInput> inputs, Context ctx, Collector<StatRow> out)
      throws Exception {
    if (!inputs.isEmpty()) {
      fold(inputs, out);
    }
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<Long, StatAcc>> it = minutes.iterator(); it.hasNext(); ) {
      long expiry = it.next().getKey() + MINUTE + allowedLatenessMs;
      if (expiry <= tick) {
        it.remove();
      } else {
        next = Math.min(next, expiry);
      }
    }
    for (Iterator<Map.Entry<Integer, StatAcc>> it = days.iterator(); it.hasNext(); ) {
      long expiry = dayStartMs(it.next().getKey() + 1) + allowedLatenessMs;
      if (expiry <= tick) {
        it.remove();
      } else {
        next = Math.min(next, expiry);
      }
    }
    if (next != Long.MAX_VALUE) {
      // Cleaning up at a whole minute keeps this timer on the tick grid (no extra firings).
      ctx.timerService().registerEventTimeTimer(tickOf(next - 1));
    }
  }

  private void fold(List<StatInput> inputs, Collector<StatRow> out) throws Exception {
    StatInput first = inputs.get(0);
    StatTable table = StatTable.byId(first.table);
    Map<Long, StatAcc> changedMinutes = new HashMap<>();
    Map<Integer, StatAcc> changedDays = new HashMap<>();
    for (StatInput in : inputs) {
      long minute = Math.floorDiv(in.windowTs, MINUTE) * MINUTE;
      StatAcc m = changedMinutes.get(minute);
      if (m == null) {
        m = minutes.get(minute);
        if (m == null) {
          m = StatAcc.empty(table.sums().size(), table.distincts().size());
        }
        changedMinutes.put(minute, m);
      }
      m.add(in);
      int day = businessDay.epochDay(in.windowTs);
      StatAcc d = changedDays.get(day);
      if (d == null) {
        d = days.get(day);
        if (d == null) {
          d = StatAcc.empty(table.sums().size(), table.distincts().size());
        }
        changedDays.put(day, d);
      }
      d.add(in);
    }
    for (Map.Entry<Long, StatAcc> e : changedMinutes.entrySet()) {
      minutes.put(e.getKey(), e.getValue());
      out.collect(
          row(first, StatRow.MINUTE, e.getKey(), businessDay.epochDay(e.getKey()), e.getValue()));
    }
    for (Map.Entry<Integer, StatAcc> e : changedDays.entrySet()) {
      days.put(e.getKey(), e.getValue());
      out.collect(row(first, StatRow.DAY, dayStartMs(e.getKey()), e.getKey(), e.getValue()));
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
