package io.siyu.jobs.bi;

import java.util.List;

/** Per customer: the cohort (first day of the month of its first paid order), waiting orders. */
public class FirstOrderState implements Waiting<BiFact> {
  /** Days since 1970-01-01 of the cohort month's first day; Integer.MIN_VALUE: no order yet. */
  public int cohortEpochDay = Integer.MIN_VALUE;

  public List<BiFact> pending;

  public FirstOrderState() {}

  @Override
  public List<BiFact> getPending() {
    return pending;
  }

  @Override
  public void setPending(List<BiFact> pending) {
    this.pending = pending;
  }
}
