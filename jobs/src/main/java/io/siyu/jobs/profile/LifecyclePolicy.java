package io.siyu.jobs.profile;

import io.siyu.jobs.config.ProfileConfig.LifecycleConfig;
import java.io.Serializable;

/**
 * The lifecycle state machine as pure functions of event time, so that a replay of old data gives
 * the stages live processing gave. Paid orders move a customer forward ({@link #stageAt}); quiet
 * time moves them back ({@link #aged}), at the instants {@link #nextAgeing} names.
 *
 * <p>Refunds do not move the stage: a customer who bought and returned has still been a buyer
 * (their RFM value drops instead).
 */
public final class LifecyclePolicy implements Serializable {
  private static final long serialVersionUID = 1L;
  static final long DAY_MS = 86_400_000L;

  private final long atRiskMs;
  private final long dormantMs;
  private final long churnedMs;

  public LifecyclePolicy(LifecycleConfig config) {
    this.atRiskMs = config.atRiskDays() * DAY_MS;
    this.dormantMs = config.dormantDays() * DAY_MS;
    this.churnedMs = config.churnedDays() * DAY_MS;
  }

  /**
   * The stage at event time {@code now}, from the paid orders alone: their count, the latest
   * purchase and the one before it. A pure function of event times, so the final stage does not
   * depend on the order records arrive in: a purchase {@code at-risk-days} or more after the
   * previous one is a win-back, whether or not the customer had been aged to AT_RISK yet.
   */
  public LifecycleStage stageAt(
      int paidOrders, long lastPurchase, long previousPurchase, long now) {
    if (paidOrders == 0) {
      return LifecycleStage.PROSPECT;
    }
    LifecycleStage quiet = aged(LifecycleStage.ACTIVE, lastPurchase, now);
    if (quiet != LifecycleStage.ACTIVE) {
      return quiet;
    }
    if (paidOrders == 1) {
      return LifecycleStage.NEW;
    }
    return lastPurchase - previousPurchase >= atRiskMs
        ? LifecycleStage.WON_BACK
        : LifecycleStage.ACTIVE;
  }

  /** The stage at event time {@code now} when nothing was bought since {@code lastPurchase}. */
  public LifecycleStage aged(LifecycleStage current, long lastPurchase, long now) {
    if (current == LifecycleStage.PROSPECT) {
      return current;
    }
    long quiet = now - lastPurchase;
    if (quiet >= churnedMs) {
      return LifecycleStage.CHURNED;
    }
    if (quiet >= dormantMs) {
      return LifecycleStage.DORMANT;
    }
    if (quiet >= atRiskMs) {
      return LifecycleStage.AT_RISK;
    }
    return current;
  }

  /** When quiet time will next change the stage, or {@link Long#MAX_VALUE} for never. */
  public long nextAgeing(LifecycleStage current, long lastPurchase) {
    return switch (current) {
      case PROSPECT, CHURNED -> Long.MAX_VALUE;
      case NEW, ACTIVE, WON_BACK -> lastPurchase + atRiskMs;
      case AT_RISK -> lastPurchase + dormantMs;
      case DORMANT -> lastPurchase + churnedMs;
    };
  }
}
