package io.siyu.jobs.journey;

import io.siyu.jobs.config.JourneyDefinition.Must;
import io.siyu.jobs.config.JourneysConfig;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The reference implementation's match function ({@link CepReference}): turns one journey's CEP
 * matches and timeouts into triggers (see {@link JourneyPatterns} for which fires). Timeouts are
 * handled explicitly: a must-not-happen journey fires on them (through {@link #TIMEOUTS}, the only
 * output CEP gives a timeout handler); a must-happen journey whose follow-up never came counts it
 * as expired. Completed must-not-happen matches are counted as converted (the follow-up came) or
 * superseded (a newer entry restarted the journey).
 */
class CepMatchFunction extends PatternProcessFunction<JourneyEvent, JourneyTrigger>
    implements TimedOutPartialMatchHandler<JourneyEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<JourneyTrigger> TIMEOUTS =
      new OutputTag<>("journey-timeouts", TypeInformation.of(JourneyTrigger.class));

  private final TriggerFactory triggers;
  private final JourneyCondition followUp;
  private final long withinMs;
  private transient Counter fired;
  private transient Counter converted;
  private transient Counter superseded;
  private transient Counter expired;
  private transient Counter endedByMerge;

  CepMatchFunction(
      io.siyu.jobs.config.JourneyDefinition journey, int priority, JourneysConfig settings) {
    this.triggers = new TriggerFactory(journey, priority, settings);
    this.followUp = journey.followUp() == null ? null : JourneyCondition.followUp(journey);
    this.withinMs = journey.followUp() == null ? 0 : journey.followUp().within().toMillis();
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    var metrics = getRuntimeContext().getMetricGroup();
    fired = metrics.counter("journeyFired");
    converted = metrics.counter("journeyConverted");
    superseded = metrics.counter("journeySuperseded");
    expired = metrics.counter("journeyExpired");
    endedByMerge = metrics.counter("journeyEndedByMerge");
  }

  @Override
  public void processMatch(
      Map<String, List<JourneyEvent>> match, Context ctx, Collector<JourneyTrigger> out) {
    JourneyEvent entry = match.get(CepReference.ENTRY).get(0);
    if (followUp == null) {
      fired.inc();
      out.collect(
          triggers.create(entry, null, entry.ts(), JourneyTrigger.CAUSE_EVENT, entry.eventId()));
      return;
    }
    JourneyEvent next = match.get(CepReference.FOLLOW_UP).get(0);
    if (EventKinds.MERGED.equals(next.kind())) {
      endedByMerge.inc(); // the customer was absorbed by another: no trigger under this id
      return;
    }
    if (triggers.journey().followUp().must() == Must.HAPPEN) {
      fired.inc();
      out.collect(
          triggers.create(
              entry,
              next,
              next.ts(),
              JourneyTrigger.CAUSE_EVENT,
              entry.eventId() + "|" + next.eventId()));
    } else if (followUp.filter(next)) {
      converted.inc();
    } else {
      superseded.inc();
    }
  }

  @Override
  public void processTimedOutMatch(Map<String, List<JourneyEvent>> match, Context ctx) {
    JourneyEvent entry = match.get(CepReference.ENTRY).get(0);
    if (triggers.journey().followUp().must() == Must.HAPPEN) {
      expired.inc();
      return;
    }
    fired.inc();
    ctx.output(
        TIMEOUTS,
        triggers.create(
            entry, null, entry.ts() + withinMs, JourneyTrigger.CAUSE_TIMEOUT, entry.eventId()));
  }
}
