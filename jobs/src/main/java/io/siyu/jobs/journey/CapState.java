package io.siyu.jobs.journey;

import java.util.Arrays;

/**
 * What the frequency cap keeps of one recipient, in one value: the triggers waiting for the
 * watermark (sorted by firing time), the last send per journey (kept for the recipient's lifetime:
 * {@code once} must mean once), today's count, and the one timer. A Flink POJO with arrays.
 */
public class CapState {
  public JourneyTrigger[] pending = new JourneyTrigger[0];

  /** When each waiting trigger is decided: its firing time, or later if it came late. */
  public long[] pendingAt = new long[0];

  /** The last send time per journey id. */
  public LongsByName lastSent = new LongsByName();

  public int epochDay = Integer.MIN_VALUE;
  public int sentToday;

  /** The event-time timer registered, or {@link Long#MIN_VALUE}. */
  public long timer = Long.MIN_VALUE;

  public CapState() {}

  /** Holds {@code t} until the watermark reaches {@code at}, in order of {@code at}. */
  void hold(JourneyTrigger t, long at) {
    int i = pending.length;
    while (i > 0 && pendingAt[i - 1] > at) {
      i--;
    }
    JourneyTrigger[] b = new JourneyTrigger[pending.length + 1];
    System.arraycopy(pending, 0, b, 0, i);
    b[i] = t;
    System.arraycopy(pending, i, b, i + 1, pending.length - i);
    long[] a = new long[pendingAt.length + 1];
    System.arraycopy(pendingAt, 0, a, 0, i);
    a[i] = at;
    System.arraycopy(pendingAt, i, a, i + 1, pendingAt.length - i);
    pending = b;
    pendingAt = a;
  }

  /** How many waiting triggers are due at or before {@code time} (they come first). */
  int due(long time) {
    int n = 0;
    while (n < pendingAt.length && pendingAt[n] <= time) {
      n++;
    }
    return n;
  }

  void dropFirst(int n) {
    pending = Arrays.copyOfRange(pending, n, pending.length);
    pendingAt = Arrays.copyOfRange(pendingAt, n, pendingAt.length);
  }

  /** The time of the earliest waiting trigger, or {@link Long#MAX_VALUE}. */
  long nextDue() {
    return pendingAt.length == 0 ? Long.MAX_VALUE : pendingAt[0];
  }

  long lastSent(String journey) {
    return lastSent.get(journey, Long.MIN_VALUE);
  }

  void sent(String journey, long at) {
    lastSent.put(journey, at);
  }
}
