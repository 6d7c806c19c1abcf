package io.siyu.jobs.time;

import org.apache.flink.streaming.api.TimerService;

/**
 * One event-time timer per key, kept at the key's next due time: the time registered lives in the
 * key's own state ({@link Long#MIN_VALUE} for none), so moving it costs a delete and a register
 * only when the due time changes — not a timer per event.
 */
public final class KeyTimer {
  private KeyTimer() {}

  /**
   * Moves the key's timer from {@code registered} to {@code due} ({@link Long#MAX_VALUE}: nothing
   * due, no timer); returns what to store as registered now.
   */
  public static long move(TimerService timers, long registered, long due) {
    long next = due == Long.MAX_VALUE ? Long.MIN_VALUE : due;
    if (next == registered) {
      return registered;
    }
    if (registered != Long.MIN_VALUE) {
      timers.deleteEventTimeTimer(registered);
    }
    if (next != Long.MIN_VALUE) {
      timers.registerEventTimeTimer(next);
    }
    return next;
  }
}
