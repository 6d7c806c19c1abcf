package io.siyu.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The customer population. Customers become active one by one (first touch: a follow, a scan, a
 * store visit, an accepted invitation) and active ones are drawn for spontaneous actions in
 * proportion to their segment's activity, so loyal customers act far more often than browsers.
 * Customer objects are created on activation only, so a large population costs little.
 */
final class Customers {
  private final long seed;
  private final Catalog catalog;
  private final Customer[] all;
  private final int[][] activeBySegment;
  private final int[] activeCount;
  private int nextInactive;

  Customers(long seed, int population, Catalog catalog) {
    this.seed = seed;
    this.catalog = catalog;
    this.all = new Customer[population];
    int segments = Customer.Segment.values().length;
    this.activeBySegment = new int[segments][16];
    this.activeCount = new int[segments];
  }

  int population() {
    return all.length;
  }

  int inactiveLeft() {
    return all.length - nextInactive;
  }

  int activeTotal() {
    return nextInactive;
  }

  Customer get(int index) {
    return all[index];
  }

  /** Activates the next customer, or returns null when everyone is already active. */
  Customer activateNext() {
    if (nextInactive >= all.length) {
      return null;
    }
    int index = nextInactive++;
    Customer c = new Customer(seed, index, catalog);
    c.active = true;
    all[index] = c;
    int s = c.segment.ordinal();
    if (activeCount[s] == activeBySegment[s].length) {
      activeBySegment[s] = Arrays.copyOf(activeBySegment[s], activeCount[s] * 2);
    }
    activeBySegment[s][activeCount[s]++] = index;
    return c;
  }

  /** An active customer, weighted by segment activity; null if nobody is active yet. */
  Customer pickActive(SplittableRandom r) {
    Customer.Segment[] segs = Customer.Segment.values();
    double total = 0;
    for (int s = 0; s < segs.length; s++) {
      total += activeCount[s] * segs[s].activity;
    }
    if (total == 0) {
      return null;
    }
    double u = r.nextDouble() * total;
    for (int s = 0; s < segs.length; s++) {
      u -= activeCount[s] * segs[s].activity;
      if (u < 0 && activeCount[s] > 0) {
        return all[activeBySegment[s][r.nextInt(activeCount[s])]];
      }
    }
    for (int s = segs.length - 1; s >= 0; s--) {
      if (activeCount[s] > 0) {
        return all[activeBySegment[s][r.nextInt(activeCount[s])]];
      }
    }
    return null;
  }
}
