package io.siyu.jobs.bi;

/**
 * One fact's contribution to one aggregate row key ({@code key} = table, grouping and dimension
 * values): sums to add and distinct values to count (each prefixed by its measure's index). A Flink
 * POJO.
 */
public class StatInput {
  public String key;
  public byte table;
  public String grouping;
  public String[] dims;
  public long at;
  public long windowTs;
  public long[] sums;
  public String[] distinct;

  public StatInput() {}
}
