package io.siyu.jobs.profile;

/** Where a customer stands (DOMAIN.md, "Lifecycle"). */
public enum LifecycleStage {
  /** Known, never bought. */
  PROSPECT,
  /** Bought once, not yet quiet for {@code at-risk-days}. */
  NEW,
  /** Bought more than once, not yet quiet for {@code at-risk-days}. */
  ACTIVE,
  /** Quiet for {@code at-risk-days} .. {@code dormant-days}. */
  AT_RISK,
  /** Quiet for {@code dormant-days} .. {@code churned-days}. */
  DORMANT,
  /** Quiet for more than {@code churned-days}. */
  CHURNED,
  /** Bought again after AT_RISK, DORMANT or CHURNED; ages like ACTIVE. */
  WON_BACK;

  boolean isLapsed() {
    return this == AT_RISK || this == DORMANT || this == CHURNED;
  }
}
