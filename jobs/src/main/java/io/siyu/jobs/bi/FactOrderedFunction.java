package io.siyu.jobs.bi;

import java.util.Comparator;

/** A {@link MinuteOrderedFunction} over facts, taken in applied order: record time, event id. */
public abstract class FactOrderedFunction<S extends Waiting<BiFact>>
    extends MinuteOrderedFunction<BiFact, BiFact, S> {
  private static final long serialVersionUID = 1L;

  /** Applied order: record time, then event id (a key's facts at one instant). */
  public static final Comparator<BiFact> ORDER =
      Comparator.<BiFact>comparingLong(f -> f.at).thenComparing(f -> f.eventId);

  protected FactOrderedFunction(Class<S> stateClass, int cacheEntries) {
    super(stateClass, cacheEntries);
  }

  @Override
  protected final long at(BiFact f) {
    return f.at;
  }

  @Override
  protected final Comparator<BiFact> order() {
    return ORDER;
  }
}
