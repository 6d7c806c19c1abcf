package io.siyu.jobs.bi;

import java.util.List;
import java.util.Map;

/**
 * One aggregate key's state: its open minute windows (by start, UTC millis), its open business days
 * (by days since 1970-01-01), the contributions waiting for their minute, and the clean-up time
 * asked for. A Flink POJO (Flink 2 serializes Map and List fields itself).
 */
public class KeyStats implements Waiting<StatInput> {
  public Map<Long, StatAcc> minutes;
  public Map<Integer, StatAcc> days;
  public List<StatInput> pending;
  public long cleanupAt = Long.MIN_VALUE;

  public KeyStats() {}

  @Override
  public List<StatInput> getPending() {
    return pending;
  }

  @Override
  public void setPending(List<StatInput> pending) {
    this.pending = pending;
  }
}
