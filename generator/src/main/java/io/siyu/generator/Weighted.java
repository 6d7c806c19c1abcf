package io.siyu.generator;

import java.util.SplittableRandom;

/** Small helpers for weighted and ranged random choices. */
final class Weighted {
  private Weighted() {}

  /** An index drawn with probability proportional to its weight. */
  static int pick(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static int pick(SplittableRandom r, int[] weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int u = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** A uniform long in [min, max]. */
  static long between(SplittableRandom r, long min, long max) {
    return min + r.nextLong(max - min + 1);
  }

  static <T> T oneOf(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
