package io.siyu.jobs.profile;

/** Scores 1..5 per dimension (0 when there is no purchase in the window) and the segment. */
public record RfmScore(int recency, int frequency, int monetary, RfmSegment segment) {
  public static final RfmScore NONE = new RfmScore(0, 0, 0, RfmSegment.NONE);
}
