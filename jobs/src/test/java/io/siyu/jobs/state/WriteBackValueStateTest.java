package io.siyu.jobs.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The write-back cache keeps state exact: evictions write under the evicted key, checkpoints hold
 * every value the function wrote, and a restored job continues from them.
 */
class WriteBackValueStateTest {

  /** Counts events per key; emits key=count. */
  static final class Counter extends KeyedProcessFunction<String, String, String>
      implements WriteBackFunction {
    static final ValueStateDescriptor<Integer> COUNT = new ValueStateDescriptor<>("n", Types.INT);
    private transient WriteBackValueState<String, Integer> count;

    @Override
    public void open(OpenContext ctx) {
      count =
          new WriteBackValueState<>(
              getRuntimeContext().getState(COUNT), 2, getRuntimeContext().getMetricGroup());
    }

    @Override
    public List<WriteBackValueState<?, ?>> writeBackStates() {
      return List.of(count);
    }

    @Override
    public void processElement(String key, Context ctx, Collector<String> out) throws Exception {
      Integer n = count.value(key);
      int next = n == null ? 1 : n + 1;
      count.update(key, next);
      out.collect(key + "=" + next);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new WriteBackKeyedProcessOperator<>(new Counter()), k -> k, Types.STRING);
  }

  private static Integer stored(
      KeyedOneInputStreamOperatorTestHarness<String, String, String> h, String key)
      throws Exception {
    WriteBackKeyedProcessOperator<?, ?, ?> op =
        (WriteBackKeyedProcessOperator<?, ?, ?>) h.getOperator();
    op.setCurrentKey(key);
    return op.getKeyedStateStore().getState(Counter.COUNT).value();
  }

  @Test
  void evictionsAndCheckpointsWriteEveryValueAndARestoreContinuesFromThem() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      for (String k : List.of("a", "a", "b", "c")) { // cache of 2: "c" evicts "a"
        h.processElement(new StreamRecord<>(k, 0));
      }
      assertEquals(2, stored(h, "a"), "the evicted value was written under its own key");
      assertEquals(null, stored(h, "b"), "b is still only in the cache");
      h.processElement(new StreamRecord<>("b", 0)); // the current key must be right after evicting
      h.prepareSnapshotPreBarrier(1); // what the task does before the barrier leaves
      snapshot = h.snapshot(1, 1);
      assertEquals(2, stored(h, "b"));
      assertEquals(1, stored(h, "c"));
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      for (String k : List.of("a", "b", "c")) {
        h.processElement(new StreamRecord<>(k, 0));
      }
      assertEquals(List.of("a=3", "b=3", "c=2"), h.extractOutputValues());
    }
  }
}
