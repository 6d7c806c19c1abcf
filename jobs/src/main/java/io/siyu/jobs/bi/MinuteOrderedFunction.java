package io.siyu.jobs.bi;

import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A keyed step that handles its input minute by minute of event time, in a fixed order: an input
 * applied at {@code at} waits until the watermark reaches the next whole minute {@code E} (its
 * "tick"), then all inputs of the key with {@code at < E} are handed over sorted by {@link
 * #order()}.
 *
 * <p>Why: a key's inputs come from several upstream subtasks, each in event-time order but
 * interleaved in any way; deciding "the first scan of a code" or "a customer's first order" in
 * arrival order would differ between runs. Everything emitted at tick {@code E} is a function of
 * the inputs with {@code at < E} alone, so replays, restarts and any parallelism emit the same.
 *
 * <p>Cost: the waiting inputs live in the key's one state value {@code S}, next to what the step
 * keeps for the key, behind a write-back cache ({@link WriteBackValueState}): a busy key is read
 * and written in RocksDB about once per checkpoint, not per input. One timer per key and minute
 * with input. Run it in a {@link io.siyu.jobs.state.WriteBackKeyedProcessOperator}.
 */
public abstract class MinuteOrderedFunction<IN, OUT, S extends Waiting<IN>>
    extends KeyedProcessFunction<String, IN, OUT> implements WriteBackFunction {
  private static final long serialVersionUID = 1L;
  public static final long MINUTE = 60_000L;

  private final Class<S> stateClass;
  private final int cacheEntries;
  private transient WriteBackValueState<String, S> states;

  protected MinuteOrderedFunction(Class<S> stateClass, int cacheEntries) {
    this.stateClass = stateClass;
    this.cacheEntries = cacheEntries;
  }

  /** A key's empty state. */
  protected abstract S newState();

  /** Where the input was applied (its record timestamp). */
  protected abstract long at(IN input);

  /** The order inputs of one tick are handed over in (a static comparator: not serialized). */
  protected abstract Comparator<IN> order();

  /**
   * The inputs of the current key with {@code at < tick} not handed over before, in order (empty
   * when the timer was one the subclass set for itself). Returns whether the key still holds
   * anything besides waiting inputs; if not and nothing waits, its state is dropped.
   */
  protected abstract boolean onTick(
      long tick, List<IN> inputs, S state, Context ctx, Collector<OUT> out) throws Exception;

  /** State time-to-live (storage only; semantics must not depend on it), or null. */
  protected StateTtlConfig ttl() {
    return null;
  }

  /** The tick an input applied at {@code at} waits for: the next whole minute. */
  public static long tickOf(long at) {
    return (Math.floorDiv(at, MINUTE) + 1) * MINUTE;
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(states);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    ValueStateDescriptor<S> d =
        new ValueStateDescriptor<>("key-state", TypeInformation.of(stateClass));
    StateTtlConfig ttl = ttl();
    if (ttl != null) {
      d.enableTimeToLive(ttl);
    }
    states =
        new WriteBackValueState<>(
            getRuntimeContext().getState(d), cacheEntries, getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(IN input, Context ctx, Collector<OUT> out) throws Exception {
    String key = ctx.getCurrentKey();
    S s = states.value(key);
    if (s == null) {
      s = newState();
    }
    List<IN> pending = s.getPending();
    if (pending == null) {
      pending = new ArrayList<>();
      s.setPending(pending);
    }
    long tick = tickOf(at(input));
    // Kept sorted by time (inputs mostly come in order: found from the end), ties in arrival
    // order, so that a tick takes a prefix instead of sifting every waiting input.
    int i = pending.size();
    while (i > 0 && at(pending.get(i - 1)) > at(input)) {
      i--;
    }
    // Timers are kept per key and time; a register is a state write with RocksDB timers, so skip
    // it when a neighbouring waiting input already asked for this tick.
    boolean ticked =
        (i > 0 && tickOf(at(pending.get(i - 1))) == tick)
            || (i < pending.size() && tickOf(at(pending.get(i))) == tick);
    if (!ticked) {
      ctx.timerService().registerEventTimeTimer(tick);
    }
    pending.add(i, input);
    states.update(key, s);
  }

  @Override
  public void onTimer(long tick, OnTimerContext ctx, Collector<OUT> out) throws Exception {
    String key = ctx.getCurrentKey();
    S s = states.value(key);
    if (s == null) {
      return;
    }
    List<IN> later = s.getPending() == null ? new ArrayList<>() : s.getPending();
    int due = 0;
    while (due < later.size() && at(later.get(due)) < tick) {
      due++;
    }
    List<IN> ready = new ArrayList<>(later.subList(0, due));
    later.subList(0, due).clear();
    ready.sort(order());
    s.setPending(later);
    boolean holds = onTick(tick, ready, s, ctx, out);
    if (!holds && later.isEmpty()) {
      states.clear(key);
    } else {
      states.update(key, s);
    }
  }
}
