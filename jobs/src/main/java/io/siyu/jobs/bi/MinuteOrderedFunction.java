package io.siyu.jobs.bi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed step that handles its input minute by minute of event time, in a fixed order: an input
 * applied at {@code at} waits until the watermark reaches the next whole minute {@code E} (its
 * "tick"), then all inputs of the key with {@code at < E} are handed over sorted by {@code order}.
 *
 * <p>Why: a key's inputs come from several upstream subtasks, each in event-time order but
 * interleaved in any way; deciding "the first scan of a code" or "a customer's first order" in
 * arrival order would differ between runs. Everything emitted at tick {@code E} is a function of
 * the inputs with {@code at < E} alone, so replays, restarts and any parallelism emit the same. One
 * timer per key and minute with input, one list append per input.
 */
public abstract class MinuteOrderedFunction<IN, OUT> extends KeyedProcessFunction<String, IN, OUT> {
  private static final long serialVersionUID = 1L;
  public static final long MINUTE = 60_000L;

  private final TypeInformation<IN> type;
  private transient ListState<IN> pending;

  protected MinuteOrderedFunction(TypeInformation<IN> type) {
    this.type = type;
  }

  /** The order inputs of one tick are handed over in (a static comparator: not serialized). */
  protected abstract Comparator<IN> order();

  /** Where the input was applied (its record timestamp). */
  protected abstract long at(IN input);

  /**
   * The inputs of the current key with {@code at < tick} not handed over before, in order (empty
   * when the timer was one the subclass set for itself).
   */
  protected abstract void onTick(long tick, List<IN> inputs, Context ctx, Collector<OUT> out)
      throws Exception;

  /** The tick an input applied at {@code at} waits for: the next whole minute. */
  public static long tickOf(long at) {
    return (Math.floorDiv(at, MINUTE) + 1) * MINUTE;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    pending = getRuntimeContext().getListState(new ListStateDescriptor<>("pending", type));
  }

  @Override
  public void processElement(IN input, Context ctx, Collector<OUT> out) throws Exception {
    pending.add(input);
    ctx.timerService().registerEventTimeTimer(tickOf(at(input)));
  }

  @Override
  public void onTimer(long tick, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    List<IN> ready = new ArrayList<>();
    List<IN> later = null;
    Iterable<IN> all = pending.get();
    if (all != null) {
      for (IN in : all) {
        if (at(in) < tick) {
          ready.add(in);
        } else {
          if (later == null) {
            later = new ArrayList<>();
          }
          later.add(in);
        }
      }
    }
    if (!ready.isEmpty()) {
      if (later == null) {
        pending.clear();
      } else {
        pending.update(later);
      }
      ready.sort(order());
    }
    onTick(tick, ready, ctx, out);
  }
}
