package io.siyu.jobs.profile;

import java.util.Arrays;

/**
 * Counts per name (channels, categories) for a preference tag: a Flink POJO of two parallel arrays,
 * bounded to {@link #MAX_NAMES} names so that one customer's state cannot grow without end.
 */
public class NameCounts {
  static final int MAX_NAMES = 16;

  public String[] names = new String[0];
  public int[] counts = new int[0];

  public NameCounts() {}

  void add(String name, int n) {
    if (name == null) {
      return;
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        counts[i] += n;
        return;
      }
    }
    if (names.length < MAX_NAMES) {
      names = Arrays.copyOf(names, names.length + 1);
      counts = Arrays.copyOf(counts, counts.length + 1);
      names[names.length - 1] = name;
      counts[counts.length - 1] = n;
    }
  }

  void addAll(NameCounts other) {
    for (int i = 0; i < other.names.length; i++) {
      add(other.names[i], other.counts[i]);
    }
  }

  /** The name with the highest count, the earliest seen winning a tie; null if none. */
  String top() {
    int best = -1;
    for (int i = 0; i < names.length; i++) {
      if (best < 0 || counts[i] > counts[best]) {
        best = i;
      }
    }
    return best < 0 ? null : names[best];
  }
}
