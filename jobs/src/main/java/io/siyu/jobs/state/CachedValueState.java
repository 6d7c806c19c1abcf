package io.siyu.jobs.state;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.MetricGroup;

/**
 * A keyed {@link ValueState} read through a {@link HotCache} keyed by the current key. Use only
 * from the keyed function that owns the state, with the current key set (processElement, onTimer).
 */
public final class CachedValueState<K, V> {
  private final ValueState<V> state;
  private final HotCache<K, V> cache;

  public CachedValueState(ValueState<V> state, int maxEntries, MetricGroup metrics) {
    this.state = state;
    this.cache = new HotCache<>(maxEntries);
    metrics.gauge("stateCacheHitRate", cache::hitRate);
  }

  public V value(K key) throws Exception {
    V v = cache.get(key);
    if (v == null) {
      v = state.value();
      if (v != null) {
        cache.put(key, v);
      }
    }
    return v;
  }

  public void update(K key, V value) throws Exception {
    state.update(value);
    cache.put(key, value);
  }

  public void clear(K key) {
    state.clear();
    cache.remove(key);
  }
}
