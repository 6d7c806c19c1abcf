package io.siyu.jobs.bi;

import java.util.HashSet;
import java.util.Set;

/**
 * The running value of one window of one aggregate key: sums, distinct values (prefixed by their
 * measure's index) with their counts, and {@code version}, the number of contributions folded in.
 * The final row has the highest version, and ClickHouse (ReplacingMergeTree(version)) keeps it.
 */
public class StatAcc {
  public long[] sums;
  public int[] distinctCounts;
  public Set<String> distinct;
  public long version;

  public StatAcc() {}

  static StatAcc empty(int sums, int distincts) {
    StatAcc a = new StatAcc();
    a.sums = new long[sums];
    a.distinctCounts = new int[distincts];
    a.distinct = new HashSet<>();
    return a;
  }

  void add(StatInput in) {
    for (int i = 0; i < in.sums.length; i++) {
      sums[i] += in.sums[i];
    }
    for (String d : in.distinct) {
      if (d != null && distinct.add(d)) {
        distinctCounts[d.charAt(0) - '0']++;
      }
    }
    version++;
  }
}
