package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneyDefinition;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.journey.CardCollectionFunction;
import io.siyu.jobs.journey.EventKinds;
import io.siyu.jobs.journey.FrequencyCapFunction;
import io.siyu.jobs.journey.JourneyContextFunction;
import io.siyu.jobs.journey.JourneyEvent;
import io.siyu.jobs.journey.JourneyInput;
import io.siyu.jobs.journey.JourneyMatchFunction;
import io.siyu.jobs.journey.JourneyPatterns;
import io.siyu.jobs.journey.JourneyStreams;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.journey.KindFilter;
import io.siyu.jobs.journey.LateEvent;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.sinks.Sinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The customer-journey pipeline (README "Journeys"): customer events and lifecycle changes, keyed
 * by canonical customer id → {@link JourneyContextFunction} (event-time order, history) → one
 * operator per journey of the journey file (a CEP pattern, or {@link CardCollectionFunction}) →
 * {@link FrequencyCapFunction} keyed by recipient → the trigger topic (sent triggers) and the
 * trigger log (sent and capped), plus the late events.
 *
 * <p>Every operator has a uid; a journey's is {@code journey-<id>}, so adding a journey to the file
 * and restoring from a savepoint keeps the other journeys' partial matches. One operator per
 * journey costs one keyed state and one event buffer each, which is why each sees only the event
 * kinds its pattern names (filtered in the same task: the journey operators are chained to the
 * context operator through {@link DataStreamUtils#reinterpretAsKeyedStream}, no shuffle).
 */
public final class JourneyJob {
  public static final String CONTEXT_UID = "journey-context";
  public static final String JOURNEY_UID_PREFIX = "journey-";
  public static final String CAP_UID = "journey-frequency-cap";
  public static final String TRIGGER_SINK_UID_PREFIX = "journey-triggers-sink-";
  public static final String LOG_SINK_UID_PREFIX = "journey-log-sink-";
  public static final String LATE_SINK_UID_PREFIX = "journey-late-sink-";

  private final JobConfig config;
  private final Map<String, Sink<JourneyTrigger>> triggerSinks;
  private final Map<String, Sink<JourneyTrigger>> logSinks;
  private final Map<String, Sink<LateEvent>> lateSinks;

  /**
   * @param triggerSinks get the sent triggers (the campaign system's topic)
   * @param logSinks get every trigger, sent or capped (the trigger log)
   * @param lateSinks get the events that came too late for the patterns
   */
  public JourneyJob(
      JobConfig config,
      Map<String, Sink<JourneyTrigger>> triggerSinks,
      Map<String, Sink<JourneyTrigger>> logSinks,
      Map<String, Sink<LateEvent>> lateSinks) {
    this.config = config;
    this.triggerSinks = new LinkedHashMap<>(triggerSinks);
    this.logSinks = new LinkedHashMap<>(logSinks);
    this.lateSinks = new LinkedHashMap<>(lateSinks);
  }

  public static JourneyJob production(JobConfig config) {
    return new JourneyJob(
        config,
        Map.of("kafka", Sinks.campaignTriggers(config)),
        Map.of("clickhouse", Sinks.journeyTriggers(config)),
        Map.of("clickhouse", Sinks.journeyLateEvents(config)));
  }

  /**
   * @param events the customers' events, resolved to their canonical id at their place in event
   *     time
   * @param transitions the profile's lifecycle changes
   * @param merges the customers absorbed by merges: their open journeys end there
   */
  public JourneyStreams attachTo(
      DataStream<ResolvedEvent> events,
      DataStream<LifecycleTransition> transitions,
      DataStream<CustomerMerge> merges) {
    JourneysConfig settings = config.journeys();
    DataStream<JourneyInput> input =
        events
            .map(JourneyInput::of)
            .returns(TypeInformation.of(JourneyInput.class))
            .uid("journey-input-events")
            .name("journeys: events")
            .union(
                transitions
                    .map(JourneyInput::of)
                    .returns(TypeInformation.of(JourneyInput.class))
                    .uid("journey-input-transitions")
                    .name("journeys: lifecycle changes"),
                merges
                    .map(JourneyInput::of)
                    .returns(TypeInformation.of(JourneyInput.class))
                    .uid("journey-input-merges")
                    .name("journeys: customers merged away"));
    SingleOutputStreamOperator<JourneyEvent> ordered =
        input
            .keyBy(JourneyInput::customerId, Types.STRING)
            .process(new JourneyContextFunction(settings.contactChannels()))
            .uid(CONTEXT_UID)
            .name("journeys: event-time order, history");

    List<DataStream<JourneyTrigger>> fired = new ArrayList<>();
    List<JourneyDefinition> journeys = settings.list();
    for (int i = 0; i < journeys.size(); i++) {
      JourneyDefinition j = journeys.get(i);
      String uid = JOURNEY_UID_PREFIX + j.id();
      boolean collection = j.kind() == JourneyDefinition.Kind.CARD_COLLECTION;
      long kinds =
          (collection ? 1L << EventKinds.bit(EventKinds.SCAN) : JourneyPatterns.relevantKinds(j))
              | 1L << EventKinds.bit(EventKinds.MERGED);
      KeyedStream<JourneyEvent, String> mine =
          DataStreamUtils.reinterpretAsKeyedStream(
              ordered
                  .filter(new KindFilter(kinds))
                  .uid(uid + "-filter")
                  .name("journey " + j.id() + ": its events"),
              JourneyEvent::customerId,
              Types.STRING);
      if (collection) {
        fired.add(
            mine.process(
                    new CardCollectionFunction(j, i, settings, config.campaigns()),
                    TypeInformation.of(JourneyTrigger.class))
                .uid(uid)
                .name("journey " + j.id() + " (cards)"));
      } else {
        SingleOutputStreamOperator<JourneyTrigger> matched =
            CEP.pattern(mine, JourneyPatterns.compile(j), new JourneyPatterns.ByEventId())
                .process(
                    new JourneyMatchFunction(j, i, settings),
                    TypeInformation.of(JourneyTrigger.class))
                .uid(uid)
                .name("journey " + j.id() + " (CEP)");
        fired.add(matched);
        fired.add(matched.getSideOutput(JourneyMatchFunction.TIMEOUTS));
      }
    }
    DataStream<JourneyTrigger> all = fired.get(0);
    for (DataStream<JourneyTrigger> more : fired.subList(1, fired.size())) {
      all = all.union(more);
    }
    SingleOutputStreamOperator<JourneyTrigger> decided =
        all.keyBy(JourneyTrigger::customerId, Types.STRING)
            .process(new FrequencyCapFunction(settings, config.zone()))
            .uid(CAP_UID)
            .name("journeys: frequency cap");
    DataStream<JourneyTrigger> sent =
        decided.filter(JourneyTrigger::sent).uid("journey-sent").name("journeys: sent only");
    triggerSinks.forEach(
        (name, sink) ->
            sent.sinkTo(sink).uid(TRIGGER_SINK_UID_PREFIX + name).name(name + ": triggers"));
    logSinks.forEach(
        (name, sink) ->
            decided.sinkTo(sink).uid(LOG_SINK_UID_PREFIX + name).name(name + ": trigger log"));
    DataStream<LateEvent> late = ordered.getSideOutput(JourneyContextFunction.LATE);
    lateSinks.forEach(
        (name, sink) ->
            late.sinkTo(sink).uid(LATE_SINK_UID_PREFIX + name).name(name + ": late events"));
    return new JourneyStreams(decided, late);
  }
}
