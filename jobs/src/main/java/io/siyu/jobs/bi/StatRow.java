package io.siyu.jobs.bi;

/** One emitted aggregate row: a window of one key with its measures and version. A Flink POJO. */
public class StatRow {
  public static final byte MINUTE = 0;
  public static final byte DAY = 1;

  public byte table;
  public byte grain;
  public String grouping;
  public String[] dims;
  public long windowStartMs;
  public int epochDay;
  public long[] sums;
  public int[] distinctCounts;
  public long version;

  public StatRow() {}

  public String grainName() {
    return grain == MINUTE ? "minute" : "day";
  }
}
