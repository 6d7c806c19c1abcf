package io.siyu.jobs.journey;

import java.util.Arrays;

/**
 * Everything the journeys keep of one customer, in one value: the history the conditions read
 * ("seen before", contact channel, guide), the events not yet passed by the watermark (one buffer
 * for all journeys, in processing order), the open journeys (an entry waiting for its follow-up or
 * its time limit), the character cards collected, and the one timer the customer has.
 *
 * <p>A Flink POJO with arrays rather than collections (serialized without Kryo). Open journeys are
 * stored by journey id, not position, so adding or removing a journey in the file keeps the others'
 * open journeys on a restore from a savepoint; those of a removed journey are dropped when the
 * customer is next seen.
 */
public class CustomerJourneys {
  /** Kinds of event the customer had so far, a bit each ({@link EventKinds#bit}). */
  public long seenKinds;

  /** The last contactable channel the customer used, or null. */
  public String contactChannel;

  /** The customer's store guide as last known, or null. */
  public String guideId;

  /** Buffered events, sorted by {@link #pendingAt} (then merge notices last, then event id). */
  public JourneyEvent[] pending = NO_EVENTS;

  /** Each buffered event's place in event time (its record timestamp). */
  public long[] pendingAt = NO_LONGS;

  /** The open journeys, oldest first: journey id, start time, entry event. */
  public String[] openJourney = NO_STRINGS;

  public long[] openStart = NO_LONGS;
  public JourneyEvent[] openEntry = NO_EVENTS;

  /** Per card campaign collected in: bit i = card i ({@link #CARDS_FIRED} once it fired). */
  public LongsByName cards = new LongsByName();

  /** The event-time timer registered for this customer, or {@link Long#MIN_VALUE}. */
  public long timer = Long.MIN_VALUE;

  static final long CARDS_FIRED = 1L << 62;
  private static final JourneyEvent[] NO_EVENTS = new JourneyEvent[0];
  private static final long[] NO_LONGS = new long[0];
  private static final String[] NO_STRINGS = new String[0];

  public CustomerJourneys() {}

  /**
   * Buffers {@code e} at {@code at} in processing order; false (nothing buffered) if the same event
   * is already buffered at the same place — a producer's re-send.
   */
  boolean buffer(long at, JourneyEvent e) {
    int i = pendingAt.length;
    while (i > 0
        && (pendingAt[i - 1] > at || pendingAt[i - 1] == at && before(e, pending[i - 1]))) {
      i--;
    }
    for (int k = i - 1; k >= 0 && pendingAt[k] == at; k--) {
      if (pending[k].eventId().equals(e.eventId())) {
        return false;
      }
    }
    for (int k = i; k < pendingAt.length && pendingAt[k] == at; k++) {
      if (pending[k].eventId().equals(e.eventId())) {
        return false;
      }
    }
    pending = insert(pending, i, e);
    pendingAt = insert(pendingAt, i, at);
    return true;
  }

  /** Drops the first {@code n} buffered events (they were processed). */
  void dropPending(int n) {
    if (n > 0) {
      pending = Arrays.copyOfRange(pending, n, pending.length);
      pendingAt = Arrays.copyOfRange(pendingAt, n, pendingAt.length);
    }
  }

  /**
   * Ties at one instant: by id, except that a merge notice comes last — after every event and
   * lifecycle change of the absorbed customer at that instant, whatever their ids look like.
   */
  static boolean before(JourneyEvent a, JourneyEvent b) {
    boolean aMerged = EventKinds.MERGED.equals(a.kind());
    boolean bMerged = EventKinds.MERGED.equals(b.kind());
    if (aMerged != bMerged) {
      return bMerged;
    }
    return a.eventId().compareTo(b.eventId()) < 0;
  }

  void open(String journey, long start, JourneyEvent entry) {
    int n = openJourney.length;
    openJourney = Arrays.copyOf(openJourney, n + 1);
    openStart = Arrays.copyOf(openStart, n + 1);
    openEntry = Arrays.copyOf(openEntry, n + 1);
    openJourney[n] = journey;
    openStart[n] = start;
    openEntry[n] = entry;
  }

  /** Removes the open journeys whose flag is set in {@code remove} (same length as the arrays). */
  void close(boolean[] remove) {
    int kept = 0;
    for (int i = 0; i < openJourney.length; i++) {
      if (!remove[i]) {
        openJourney[kept] = openJourney[i];
        openStart[kept] = openStart[i];
        openEntry[kept] = openEntry[i];
        kept++;
      }
    }
    if (kept < openJourney.length) {
      openJourney = Arrays.copyOf(openJourney, kept);
      openStart = Arrays.copyOf(openStart, kept);
      openEntry = Arrays.copyOf(openEntry, kept);
    }
  }

  long cards(String campaign) {
    return cards.get(campaign, 0L);
  }

  void setCards(String campaign, long mask) {
    cards.put(campaign, mask);
  }

  void clearCards() {
    cards = new LongsByName();
  }

  private static JourneyEvent[] insert(JourneyEvent[] a, int at, JourneyEvent v) {
    JourneyEvent[] b = new JourneyEvent[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = v;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }

  private static long[] insert(long[] a, int at, long v) {
    long[] b = new long[a.length + 1];
    System.arraycopy(a, 0, b, 0, at);
    b[at] = v;
    System.arraycopy(a, at, b, at + 1, a.length - at);
    return b;
  }
}
