package io.siyu.jobs.journey;

/**
 * What the journeys remember of a customer beyond the patterns' partial matches: the kinds of event
 * seen so far (a bit each, see {@link EventKinds}), the last contactable channel and the last known
 * store guide.
 */
public record CustomerContext(long seenKinds, String contactChannel, String guideId) {
  static final CustomerContext EMPTY = new CustomerContext(0L, null, null);

  /** This context after an event of {@code kind}, seen without a channel or guide of its own. */
  CustomerContext alsoSeen(String kind) {
    return new CustomerContext(seenKinds | 1L << EventKinds.bit(kind), contactChannel, guideId);
  }
}
