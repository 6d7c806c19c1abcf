package io.siyu.jobs.journey;

import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.ResolvedEvent;

/**
 * What the journeys read, keyed by canonical customer id: an event of the customer (with the
 * inviter's canonical id, for an accepted invitation), a change of their lifecycle stage (for
 * win-back), or the news that the customer was absorbed by a merge. Exactly one of {@code event},
 * {@code transition} and {@code merge} is set; one type lets one keyed operator order them by event
 * time together.
 */
public record JourneyInput(
    String customerId,
    CustomerEvent event,
    String referrerId,
    LifecycleTransition transition,
    CustomerMerge merge) {

  public static JourneyInput of(ResolvedEvent e) {
    return new JourneyInput(e.customerId(), e.event(), e.referrerId(), null, null);
  }

  public static JourneyInput of(LifecycleTransition t) {
    return new JourneyInput(t.customerKey(), null, null, t, null);
  }

  public static JourneyInput of(CustomerMerge m) {
    return new JourneyInput(m.absorbed(), null, null, null, m);
  }

  /** Event time. */
  public long ts() {
    return event != null ? event.header().ts() : transition != null ? transition.at() : merge.at();
  }
}
