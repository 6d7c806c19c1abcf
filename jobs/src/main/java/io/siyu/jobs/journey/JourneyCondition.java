package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.Recipient;
import java.io.Serializable;
import java.util.List;

/**
 * A step of a journey compiled from the journey file: the event kinds it accepts, "first only" (the
 * customer had none of these kinds before), the lifecycle stage entered, and whether the event must
 * name a referrer other than the customer (inviting yourself through a second identity, linked
 * since, earns no reward — as in social value).
 */
public final class JourneyCondition implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long kinds;
  private final boolean firstOnly;
  private final String stage;
  private final boolean needsReferrer;

  JourneyCondition(List<String> kinds, boolean firstOnly, String stage, boolean needsReferrer) {
    this.kinds = EventKinds.mask(kinds);
    this.firstOnly = firstOnly;
    this.stage = stage;
    this.needsReferrer = needsReferrer;
  }

  public static JourneyCondition entry(JourneyDefinition j) {
    return new JourneyCondition(
        j.entry().events(),
        j.entry().firstOnly(),
        j.entry().stage(),
        j.recipient() == Recipient.REFERRER);
  }

  public static JourneyCondition followUp(JourneyDefinition j) {
    return new JourneyCondition(j.followUp().events(), j.followUp().firstOnly(), null, false);
  }

  /** The customer was absorbed by a merge: ends every open journey (never an entry). */
  public static JourneyCondition merged() {
    return new JourneyCondition(List.of(EventKinds.MERGED), false, null, false);
  }

  /** The kinds this step accepts, as a mask of {@link EventKinds#bit(String)}. */
  public long kinds() {
    return kinds;
  }

  public boolean filter(JourneyEvent e) {
    return (kinds & (1L << EventKinds.bit(e.kind()))) != 0
        && !(firstOnly && e.seenAnyOf(kinds))
        && (stage == null || stage.equals(e.stage()))
        && !(needsReferrer && (e.referrerId() == null || e.referrerId().equals(e.customerId())));
  }
}
