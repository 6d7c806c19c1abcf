package io.siyu.jobs.journey;

import java.util.Arrays;

/**
 * A few longs by name, as a Flink POJO of two parallel arrays (no Kryo, a handful of entries per
 * customer): the last send per journey, the cards collected per campaign.
 */
public class LongsByName {
  public String[] names = new String[0];
  public long[] values = new long[0];

  public LongsByName() {}

  long get(String name, long absent) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return absent;
  }

  void put(String name, long value) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        values[i] = value;
        return;
      }
    }
    int n = names.length;
    names = Arrays.copyOf(names, n + 1);
    values = Arrays.copyOf(values, n + 1);
    names[n] = name;
    values[n] = value;
  }
}
