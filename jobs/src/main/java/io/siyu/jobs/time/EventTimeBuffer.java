package io.siyu.jobs.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values held until the watermark passes their record timestamp, then released in the order of
 * (timestamp, {@code ties}); values equal under both keep the order they came in. One sorted map in
 * memory: no state access and no timer per value. The operator that owns it checkpoints what it
 * holds ({@link #forEach}). A value at or behind the last watermark released (late) is placed just
 * after it, so it is still released, at the next watermark.
 */
public final class EventTimeBuffer<T> {
  /** Where released values go, with their record timestamps. */
  @FunctionalInterface
  public interface Release<T> {
    void accept(long at, T value) throws Exception;
  }

  /** What the owner checkpoints. */
  @FunctionalInterface
  public interface Visitor<T> {
    void accept(long at, T value);
  }

  private final TreeMap<Long, List<T>> pending = new TreeMap<>();
  private final Comparator<T> ties;
  private long watermark = Long.MIN_VALUE;

  public EventTimeBuffer(Comparator<T> ties) {
    this.ties = ties;
  }

  /** Holds {@code value}; returns false if it was late and placed at the watermark + 1 ms. */
  public boolean hold(long at, T value) {
    boolean inTime = at > watermark;
    pending.computeIfAbsent(inTime ? at : watermark + 1, t -> new ArrayList<>(1)).add(value);
    return inTime;
  }

  /** Releases, in order, every value at or before {@code mark} (or an earlier watermark). */
  public void release(long mark, Release<T> out) throws Exception {
    watermark = Math.max(watermark, mark);
    while (!pending.isEmpty() && pending.firstKey() <= watermark) {
      Map.Entry<Long, List<T>> due = pending.pollFirstEntry();
      List<T> values = due.getValue();
      if (values.size() > 1) {
        values.sort(ties);
      }
      for (T v : values) {
        out.accept(due.getKey(), v);
      }
    }
  }

  public void forEach(Visitor<T> visitor) {
    pending.forEach((at, values) -> values.forEach(v -> visitor.accept(at, v)));
  }
}
