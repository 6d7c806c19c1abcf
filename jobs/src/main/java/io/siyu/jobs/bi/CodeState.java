package io.siyu.jobs.bi;

import java.util.Arrays;
import java.util.List;

/**
 * What is kept per product code: when it was last scanned and its first distinct scanners, at most
 * {@code copied-code-scanners + 1} (then the code is reported and no more are needed), plus the
 * scans waiting for their minute. A Flink POJO. Size: README "Measurements".
 */
public class CodeState implements Waiting<BiFact> {
  /** Long.MIN_VALUE: never scanned (or forgotten). */
  public long lastScanAt = Long.MIN_VALUE;

  public String[] scanners = new String[0];
  public boolean reported;
  public List<BiFact> pending;

  public CodeState() {}

  boolean known() {
    return lastScanAt != Long.MIN_VALUE;
  }

  void forget() {
    lastScanAt = Long.MIN_VALUE;
    scanners = new String[0];
    reported = false;
  }

  /** Adds {@code customer} if new and room is left; returns the number of distinct scanners. */
  int addScanner(String customer, int limit) {
    for (String s : scanners) {
      if (s.equals(customer)) {
        return scanners.length;
      }
    }
    if (scanners.length < limit) {
      scanners = Arrays.copyOf(scanners, scanners.length + 1);
      scanners[scanners.length - 1] = customer;
    }
    return scanners.length;
  }

  @Override
  public List<BiFact> getPending() {
    return pending;
  }

  @Override
  public void setPending(List<BiFact> pending) {
    this.pending = pending;
  }
}
