package io.siyu.jobs.profile;

import io.siyu.jobs.config.ProfileConfig.RfmConfig;
import java.io.Serializable;

/**
 * Scores recency, frequency and monetary value against the configured cut points and names the
 * segment. Pure: the same inputs at the same event time give the same score.
 */
public final class RfmModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long windowMs;
  private final long[] recencyCutsMs;
  private final int[] frequencyCuts;
  private final long[] monetaryCutsFen;
  private final int highScore;

  public RfmModel(RfmConfig config) {
    this.windowMs = config.window().toMillis();
    this.recencyCutsMs = new long[4];
    this.monetaryCutsFen = new long[4];
    for (int i = 0; i < 4; i++) {
      recencyCutsMs[i] = config.recencyDays()[i] * LifecyclePolicy.DAY_MS;
      monetaryCutsFen[i] = config.monetaryYuan()[i] * 100;
    }
    this.frequencyCuts = config.frequency().clone();
    this.highScore = config.highScore();
  }

  public long windowMs() {
    return windowMs;
  }

  /**
   * @param quietMs event time since the last purchase in the window
   * @param orders paid orders in the window, fully refunded ones excluded
   * @param netFen spend in the window minus refunds
   */
  public RfmScore score(long quietMs, int orders, long netFen) {
    if (orders <= 0) {
      return RfmScore.NONE;
    }
    int r = 5;
    while (r > 1 && quietMs > recencyCutsMs[5 - r]) {
      r--;
    }
    int f = 1;
    while (f < 5 && orders >= frequencyCuts[f - 1]) {
      f++;
    }
    int m = 1;
    while (m < 5 && netFen >= monetaryCutsFen[m - 1]) {
      m++;
    }
    return new RfmScore(r, f, m, RfmSegment.of(r >= highScore, f >= highScore, m >= highScore));
  }

  /** After how much more quiet time the recency score drops next, or MAX_VALUE if it cannot. */
  public long nextRecencyDrop(long quietMs) {
    for (long cut : recencyCutsMs) {
      if (quietMs <= cut) {
        return cut + 1 - quietMs;
      }
    }
    return Long.MAX_VALUE;
  }
}
