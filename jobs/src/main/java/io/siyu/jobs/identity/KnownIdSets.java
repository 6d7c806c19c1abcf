package io.siyu.jobs.identity;

import java.util.Arrays;

/**
 * What {@link LinkScreen} keeps per identifier (a Flink POJO): the sets of identifiers it has been
 * seen with as the strongest one, and the earliest record time each set was sent to the identity
 * graph at. A set is written as the other identifiers, strongest first, joined by {@code \u0001}
 * (empty for the identifier alone): the exact text, not a hash, so two sets never pass for one.
 */
public class KnownIdSets {
  private static final String[] NONE = new String[0];

  public String[] others = NONE;
  public long[] sentAt = new long[0];

  public KnownIdSets() {}

  /** The other identifiers of {@code ids} (strongest first), as a set's text. */
  public static String others(String[] ids) {
    return switch (ids.length) {
      case 1 -> "";
      case 2 -> ids[1];
      default -> String.join("\u0001", Arrays.asList(ids).subList(1, ids.length));
    };
  }

  /**
   * Whether an event with the identifiers {@code others} (and this one) at record time {@code at}
   * must go to the graph: yes unless the set was sent at an earlier time. Sending it records the
   * time, so the set's earliest occurrence is always among those sent — in any arrival order — and
   * the graph links it at that occurrence; a later one finds the link made.
   */
  public boolean mustSend(String others, long at) {
    for (int i = 0; i < this.others.length; i++) {
      if (this.others[i].equals(others)) {
        if (at < sentAt[i]) {
          sentAt[i] = at;
          return true;
        }
        return at == sentAt[i]; // a tie: the graph's order (by event id) decides which is first
      }
    }
    int n = this.others.length;
    this.others = Arrays.copyOf(this.others, n + 1);
    this.sentAt = Arrays.copyOf(sentAt, n + 1);
    this.others[n] = others;
    sentAt[n] = at;
    return true;
  }
}
