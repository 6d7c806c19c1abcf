package io.siyu.jobs.state;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A keyed {@link ValueState} behind a write-back cache of deserialized values: reads of recently
 * used keys cost nothing, and a key's value is written to the state backend once per checkpoint (or
 * when evicted) instead of on every event, and a cleared value is deleted then too — the
 * mini-batching Flink SQL does for its aggregations, for a DataStream function. With RocksDB, the
 * write (serialize + put) and the read (get + deserialize) of a profile are most of its cost, and a
 * customer's events come in bursts.
 *
 * <p>Consistency: the operator ({@link WriteBackKeyedProcessOperator}) writes every dirty value
 * before the checkpoint barrier passes and at the end of input, so snapshots hold exactly what a
 * write-through state would; after a failure the cache is gone and state is restored as usual.
 * Evicting a dirty value writes it under its own key and puts the current key back. Use only from
 * the keyed function that owns the state, with the current key set (processElement, onTimer).
 */
public final class WriteBackValueState<K, V> {
  private final ValueState<V> state;
  private final HotCache<K, Slot<V>> slots;
  private KeyContext keys;

  /**
   * On the heap backend a checkpoint's snapshot holds the very objects in state and serializes them
   * asynchronously, after the barrier; the backend copies an object on the next read, but a cached
   * reference bypasses that read, and mutating it would change the snapshot. So there the cache
   * forgets its values at each flush: the next read goes through the backend (a copy).
   */
  private boolean forgetOnFlush;

  private long reads;
  private long writes;

  private static final class Slot<V> {
    V value;
    boolean dirty;

    Slot(V value, boolean dirty) {
      this.value = value;
      this.dirty = dirty;
    }
  }

  public WriteBackValueState(ValueState<V> state, int maxEntries, MetricGroup metrics) {
    this.state = state;
    this.slots =
        new HotCache<>(
            maxEntries,
            (key, slot) -> {
              if (slot.dirty) {
                writeUnder(key, slot.value);
              }
            });
    metrics.gauge("stateCacheHitRate", slots::hitRate);
    metrics.gauge("stateWritesPerRead", () -> reads == 0 ? 0.0 : (double) writes / reads);
  }

  /** Called by the operator once it is open: how evictions and flushes switch keys. */
  void attach(KeyContext keyContext, boolean heapBackend) {
    this.keys = keyContext;
    this.forgetOnFlush = heapBackend;
  }

  public V value(K key) throws Exception {
    reads++;
    Slot<V> slot = slots.get(key);
    if (slot != null) {
      return slot.value;
    }
    V v = state.value();
    // Absent values are cached too: a key whose state is cleared after each use (a buffer that
    // empties) would otherwise cost a backend read on every event.
    slots.put(key, new Slot<>(v, false));
    return v;
  }

  public void update(K key, V value) {
    Slot<V> slot = slots.peek(key);
    if (slot == null) {
      slots.put(key, new Slot<>(value, true));
    } else {
      slot.value = value;
      slot.dirty = true;
    }
  }

  /** Clears the key's value; the backend's copy is deleted at the next flush (or eviction). */
  public void clear(K key) {
    Slot<V> slot = slots.peek(key);
    if (slot == null) {
      slots.put(key, new Slot<>(null, true));
    } else {
      slot.value = null;
      slot.dirty = true;
    }
  }

  /** Writes every dirty value to the state backend (before a checkpoint, at the end of input). */
  void flush() {
    slots.forEach(
        (key, slot) -> {
          if (slot.dirty) {
            writeUnder(key, slot.value);
            slot.dirty = false;
          }
        });
    if (forgetOnFlush) {
      slots.clear();
    }
  }

  private void writeUnder(K key, V value) {
    if (keys == null) {
      throw new IllegalStateException(
          "WriteBackValueState needs its function to run in a WriteBackKeyedProcessOperator");
    }
    Object current = keys.getCurrentKey();
    try {
      keys.setCurrentKey(key);
      if (value == null) {
        state.clear();
      } else {
        state.update(value);
      }
      writes++;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot write state of key " + key, e);
    } finally {
      keys.setCurrentKey(current);
    }
  }
}
