package io.siyu.jobs.journey;

import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the events of the kinds one journey looks at (a mask of {@link EventKinds#bit}). */
public final class KindFilter implements FilterFunction<JourneyEvent> {
  private static final long serialVersionUID = 1L;
  private final long kinds;

  public KindFilter(long kinds) {
    this.kinds = kinds;
  }

  @Override
  public boolean filter(JourneyEvent e) {
    return (kinds & (1L << EventKinds.bit(e.kind()))) != 0;
  }
}
