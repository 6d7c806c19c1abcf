package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneyDefinition.Must;
import io.siyu.jobs.config.JourneyDefinition.ReEntry;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The reference semantics of a {@code sequence} journey: the Flink CEP pattern the job ran before
 * {@link JourneyEngine} (which must give the same triggers; {@code JourneyEngineVsCepTest}):
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
final class CepReference {
  static final String ENTRY = "entry";
  static final String FOLLOW_UP = "follow-up";

  private CepReference() {}

  static Pattern<JourneyEvent, JourneyEvent> compile(JourneyDefinition j) {
    SimpleCondition<JourneyEvent> entry = SimpleCondition.of(JourneyCondition.entry(j)::filter);
    if (j.followUp() == null) {
      return Pattern.<JourneyEvent>begin(ENTRY, AfterMatchSkipStrategy.noSkip()).where(entry);
    }
    boolean mustHappen = j.followUp().must() == Must.HAPPEN;
    JourneyCondition followUp = JourneyCondition.followUp(j);
    JourneyCondition first = JourneyCondition.entry(j);
    JourneyCondition merged = JourneyCondition.merged();
    boolean restart = j.reEntry() == ReEntry.RESTART;
    // A merge that absorbs the customer ends the open journey, without a trigger.
    SimpleCondition<JourneyEvent> next =
        SimpleCondition.of(
            e -> followUp.filter(e) || (restart && first.filter(e)) || merged.filter(e));
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

  /**
   * Orders events with the same timestamp as {@link JourneyEngine} does: by event id, merge notices
   * last.
   */
  public static final class ByEventId implements EventComparator<JourneyEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(JourneyEvent a, JourneyEvent b) {
      return CustomerJourneys.before(a, b) ? -1 : CustomerJourneys.before(b, a) ? 1 : 0;
    }
  }
}
