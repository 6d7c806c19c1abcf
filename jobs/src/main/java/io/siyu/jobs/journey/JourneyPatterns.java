package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.Must;
import io.siyu.jobs.config.JourneyDefinition.ReEntry;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * Compiles a {@code sequence} journey into a Flink CEP pattern, shared by the job and its tests:
 *
 * <ul>
 *   <li>no follow-up: {@code begin("entry")} — every entry fires (win-back);
 *   <li>follow-up must not happen: {@code begin("entry").followedBy("follow-up").within(limit)};
 *       the <em>timeout</em> of the partial match fires, a completed match means the customer did
 *       the follow-up (no trigger). With {@code re-entry: restart} a newer entry also completes
 *       (supersedes) the open match and starts its own, so only the last of a burst can fire;
 *   <li>follow-up must happen: the same pattern, and the <em>match</em> fires; after a match, other
 *       partial matches it overlaps are skipped, so one follow-up fires once (the earliest open
 *       entry wins: first-touch attribution of a referral).
 * </ul>
 *
 * <p>Every follow-up also accepts the customer's merge notice ({@link EventKinds#MERGED}): a
 * customer absorbed by a merge receives no more events under this id, so its open journeys end
 * there, without a trigger ({@link JourneyMatchFunction} counts them); the survivor's go on.
 *
 * <p>CEP's time limit is exclusive: a follow-up exactly {@code within} after the entry is too late.
 */
public final class JourneyPatterns {
  public static final String ENTRY = "entry";
  public static final String FOLLOW_UP = "follow-up";

  private JourneyPatterns() {}

  public static Pattern<JourneyEvent, JourneyEvent> compile(JourneyDefinition j) {
    JourneyCondition entry = JourneyCondition.entry(j);
    if (j.followUp() == null) {
      return Pattern.<JourneyEvent>begin(ENTRY, AfterMatchSkipStrategy.noSkip()).where(entry);
    }
    boolean mustHappen = j.followUp().must() == Must.HAPPEN;
    SimpleCondition<JourneyEvent> next = JourneyCondition.followUp(j);
    if (j.reEntry() == ReEntry.RESTART) {
      next = new JourneyCondition.Either(JourneyCondition.followUp(j), entry);
    }
    // A merge that absorbs the customer ends the open journey, without a trigger.
    next = new JourneyCondition.Either(next, JourneyCondition.merged());
    return Pattern.<JourneyEvent>begin(
            ENTRY,
            mustHappen
                ? AfterMatchSkipStrategy.skipPastLastEvent()
                : AfterMatchSkipStrategy.noSkip())
        .where(entry)
        .followedBy(FOLLOW_UP)
        .where(next)
        .within(j.followUp().within());
  }

  /** The event kinds a journey looks at: everything else is filtered out before its operator. */
  public static long relevantKinds(JourneyDefinition j) {
    long mask = JourneyCondition.entry(j).kinds();
    return j.followUp() == null ? mask : mask | JourneyCondition.followUp(j).kinds();
  }

  /**
   * Orders events with the same timestamp by event id, as {@link JourneyContextFunction} emits
   * them, so that ties resolve the same way on every replay.
   */
  public static final class ByEventId implements EventComparator<JourneyEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(JourneyEvent a, JourneyEvent b) {
      return a.eventId().compareTo(b.eventId());
    }
  }
}
