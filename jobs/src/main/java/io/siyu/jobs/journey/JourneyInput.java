package io.siyu.jobs.journey;

import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.ResolvedEvent;

/**
 * What the journeys read, keyed by canonical customer id: an event of the customer, or a change of
 * their lifecycle stage (for win-back). Exactly one of {@code event} and {@code transition} is set;
 * one type for both lets one keyed operator order them by event time together.
 */
public record JourneyInput(String customerId, CustomerEvent event, LifecycleTransition transition) {

  public static JourneyInput of(ResolvedEvent e) {
    return new JourneyInput(e.customerId(), e.event(), null);
  }

  public static JourneyInput of(LifecycleTransition t) {
    return new JourneyInput(t.customerKey(), null, t);
  }

  /** Event time. */
  public long ts() {
    return event != null ? event.header().ts() : transition.at();
  }
}
