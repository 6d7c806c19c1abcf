package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.JourneysConfig;
import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.journey.FrequencyCapFunction;
import io.siyu.jobs.journey.JourneyEngineFunction;
import io.siyu.jobs.journey.JourneyInput;
import io.siyu.jobs.journey.JourneyStreams;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.journey.LateEvent;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The customer-journey pipeline (README "Journeys"): customer events, lifecycle changes and merge
 * notices, keyed by canonical customer id → {@link JourneyEngineFunction} (one event-time buffer
 * per customer, every journey of the journey file over it) → {@link FrequencyCapFunction} keyed by
 * recipient → the trigger topic (sent triggers) and the trigger log (sent and capped), plus the
 * late events.
 *
 * <p>Every operator has a uid. All journeys share one operator and one state value per customer, in
 * which open journeys are stored by journey id: adding or removing a journey in the file and
 * restoring from a savepoint keeps the other journeys' open entries.
 */
public final class JourneyJob {
  public static final String ENGINE_UID = "journey-engine";
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
    SingleOutputStreamOperator<JourneyTrigger> all =
        input
            .keyBy(JourneyInput::customerId, Types.STRING)
            .transform(
                "journeys: every journey, in event-time order",
                TypeInformation.of(JourneyTrigger.class),
                new WriteBackKeyedProcessOperator<>(
                    new JourneyEngineFunction(
                        settings, config.campaigns(), config.profile().stateCacheEntries())))
            .uid(ENGINE_UID);
    SingleOutputStreamOperator<JourneyTrigger> decided =
        all.keyBy(JourneyTrigger::customerId, Types.STRING)
            .transform(
                "journeys: frequency cap",
                TypeInformation.of(JourneyTrigger.class),
                new WriteBackKeyedProcessOperator<>(
                    new FrequencyCapFunction(
                        settings, config.zone(), config.profile().stateCacheEntries())))
            .uid(CAP_UID);
    DataStream<JourneyTrigger> sent =
        decided.filter(JourneyTrigger::sent).uid("journey-sent").name("journeys: sent only");
    triggerSinks.forEach(
        (name, sink) ->
            sent.sinkTo(sink).uid(TRIGGER_SINK_UID_PREFIX + name).name(name + ": triggers"));
    logSinks.forEach(
        (name, sink) ->
            decided.sinkTo(sink).uid(LOG_SINK_UID_PREFIX + name).name(name + ": trigger log"));
    DataStream<LateEvent> late = all.getSideOutput(JourneyEngineFunction.LATE);
    lateSinks.forEach(
        (name, sink) ->
            late.sinkTo(sink).uid(LATE_SINK_UID_PREFIX + name).name(name + ": late events"));
    return new JourneyStreams(decided, late);
  }
}
