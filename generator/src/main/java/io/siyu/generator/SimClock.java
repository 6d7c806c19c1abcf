package io.siyu.generator;

import java.util.SplittableRandom;

/**
 * The simulated clock. Records arrive as a Poisson process whose rate follows a day in China (quiet
 * at night, peaks at lunch and in the evening, Asia/Shanghai time), scaled so that the configured
 * number of records spans the configured time on average.
 */
final class SimClock {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long SHANGHAI_OFFSET = 8 * HOUR;

  /** Relative activity per hour of the day in Shanghai; normalised to a mean of 1 below. */
  private static final double[] HOURLY = {
    0.45, 0.25, 0.15, 0.10, 0.10, 0.15, 0.35, 0.70, 1.00, 1.10, 1.20, 1.30,
    1.50, 1.30, 1.10, 1.10, 1.10, 1.20, 1.40, 1.70, 2.00, 2.10, 1.70, 1.00
  };

  private static final double[] INTENSITY = normalised();

  private final SplittableRandom rng;
  private final double meanGapMs;
  private double now;

  SimClock(long startTime, long spanMillis, long events, SplittableRandom rng) {
    this.rng = rng;
    this.now = startTime;
    this.meanGapMs = spanMillis / (double) Math.max(1, events);
  }

  long now() {
    return (long) now;
  }

  /** Moves to the next record's emission time and returns it (epoch millis). */
  long advance() {
    int hour = (int) (Math.floorMod((long) now + SHANGHAI_OFFSET, DAY) / HOUR);
    // StrictMath: Math.log may be intrinsified differently by the JIT, breaking determinism.
    double exp = -StrictMath.log(1 - rng.nextDouble());
    now += exp * meanGapMs / INTENSITY[hour];
    return (long) now;
  }

  private static double[] normalised() {
    double sum = 0;
    for (double h : HOURLY) {
      sum += h;
    }
    double[] n = new double[HOURLY.length];
    for (int i = 0; i < n.length; i++) {
      n[i] = HOURLY[i] * HOURLY.length / sum;
    }
    return n;
  }
}
