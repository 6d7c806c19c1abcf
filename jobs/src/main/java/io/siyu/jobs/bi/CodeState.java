package io.siyu.jobs.bi;

import java.util.Arrays;

/**
 * What is kept per product code: when it was last scanned and its first distinct scanners, at most
 * {@code copied-code-scanners + 1} (then the code is reported and no more are needed). A genuine
 * code scanned once costs its key plus about 60 bytes (README "BI": state sizes).
 */
public class CodeState {
  public long lastScanAt;
  public String[] scanners = new String[0];
  public boolean reported;

  public CodeState() {}

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
}
