package io.siyu.jobs.profile;

import io.siyu.jobs.config.ProfileConfig.LifecycleConfig;
import java.io.Serializable;

/**
 * The lifecycle state machine as pure functions of event time, so that a replay of old data gives
 * the stages live processing gave. A paid order moves a customer forward ({@link #afterPurchase});
 * quiet time moves them back ({@link #aged}), at the instants {@link #nextAgeing} names.
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

  /** The stage right after a paid order, given the orders including it. */
  public LifecycleStage afterPurchase(LifecycleStage before, int paidOrders) {
    if (before.isLapsed()) {
      return LifecycleStage.WON_BACK;
    }
    return paidOrders <= 1 ? LifecycleStage.NEW : LifecycleStage.ACTIVE;
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
