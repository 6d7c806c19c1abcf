package io.siyu.jobs.state;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a {@link KeyedProcessFunction} whose state is behind {@link WriteBackValueState}s, and
 * writes their dirty values before each checkpoint barrier leaves the operator ({@link
 * #prepareSnapshotPreBarrier}) and at the end of input — so checkpoints and savepoints are exactly
 * as with plain state.
 */
public class WriteBackKeyedProcessOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {
  private static final long serialVersionUID = 1L;

  public <F extends KeyedProcessFunction<K, IN, OUT> & WriteBackFunction>
      WriteBackKeyedProcessOperator(F function) {
    super(function);
  }

  private WriteBackFunction writeBack() {
    return (WriteBackFunction) getUserFunction();
  }

  @Override
  public void open() throws Exception {
    super.open();
    boolean heap =
        getKeyedStateBackend() instanceof org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
    for (WriteBackValueState<?, ?> s : writeBack().writeBackStates()) {
      s.attach(this, heap);
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  /** Writes every dirty cached value to the state backend. */
  public void flush() {
    for (WriteBackValueState<?, ?> s : writeBack().writeBackStates()) {
      s.flush();
    }
  }
}
