package io.siyu.jobs.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The most recently used deserialized state values of one operator instance, in front of RocksDB.
 * With RocksDB every read is a native call plus a deserialization — most of a profile operator's
 * time — while a customer's events come in bursts (browse, add to cart, pay within minutes), so the
 * value read for the next event is often the one just written.
 *
 * <p>Safe because it only holds this instance's own state: its users write every change to the
 * state as well (at once, or before the next checkpoint: {@link WriteBackValueState}), the values
 * are the same objects the function mutates and writes back, and a restore starts a new, empty
 * instance. A {@link LinkedHashMap} in access order is all an LRU needs in a single-threaded
 * operator; a concurrent cache library would add nothing here.
 */
public final class HotCache<K, V> {
  private final LinkedHashMap<K, V> entries;
  private long hits;
  private long misses;

  public HotCache(int maxEntries) {
    this(maxEntries, (k, v) -> {});
  }

  /** A cache that hands each entry it drops for room to {@code onEvict} first. */
  public HotCache(int maxEntries, BiConsumer<K, V> onEvict) {
    this.entries =
        new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            if (size() <= maxEntries) {
              return false;
            }
            onEvict.accept(eldest.getKey(), eldest.getValue());
            return true;
          }
        };
  }

  /** The cached value, or null if not cached (which is not the same as absent from state). */
  public V get(K key) {
    V v = entries.get(key);
    if (v == null) {
      misses++;
    } else {
      hits++;
    }
    return v;
  }

  /** Like {@link #get} (it marks the entry used) but not counted as a read. */
  public V peek(K key) {
    return entries.get(key);
  }

  public void put(K key, V value) {
    entries.put(key, value);
  }

  public void remove(K key) {
    entries.remove(key);
  }

  public void clear() {
    entries.clear();
  }

  /** Every cached entry, without changing the access order. */
  public void forEach(BiConsumer<K, V> action) {
    entries.forEach(action);
  }

  /** Share of reads served from the cache so far. */
  public double hitRate() {
    long reads = hits + misses;
    return reads == 0 ? 0 : (double) hits / reads;
  }
}
