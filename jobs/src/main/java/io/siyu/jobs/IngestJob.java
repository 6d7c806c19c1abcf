package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.ingest.DeadLetterRouter;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetter;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.sources.KafkaSources;
import io.siyu.jobs.time.EventTimeGate;
import io.siyu.jobs.time.LateRecord;
import io.siyu.udf.PhoneHasher;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Ingestion: the three input topics → parsed, validated events → ClickHouse {@code events}; bad
 * records → {@code dead_letters} and the dead-letter topic. The source and sinks come in from
 * outside (tests pass their own); this class only wires. {@link #attachTo} returns the valid event
 * stream so that other pipelines can run in the same job on the same parse.
 */
public final class IngestJob {
  public static final String SOURCE_UID = "ingest-kafka-source";
  public static final String GATE_UID = "ingest-event-time-gate";
  public static final String LATE_SINK_UID_PREFIX = "ingest-late-events-sink-";
  public static final String ROUTER_UID = "ingest-dead-letter-router";
  public static final String EVENTS_SINK_UID = "ingest-events-clickhouse-sink";
  public static final String DEAD_LETTER_SINK_UID_PREFIX = "ingest-dead-letters-sink-";

  private final Source<Ingested, ?, ?> source;
  private final WatermarkStrategy<Ingested> watermarks;
  private final EventTimeGate gate;
  private final Sink<CustomerEvent> eventSink;

  /** Dead-letter sinks by a short stable name, used in their uid and operator name. */
  private final Map<String, Sink<DeadLetter>> deadLetterSinks;

  /** Sinks of the events that came behind their partition's event time. */
  private final Map<String, Sink<LateRecord>> lateSinks;

  public IngestJob(
      Source<Ingested, ?, ?> source,
      WatermarkStrategy<Ingested> watermarks,
      EventTimeGate gate,
      Sink<CustomerEvent> eventSink,
      Map<String, Sink<DeadLetter>> deadLetterSinks,
      Map<String, Sink<LateRecord>> lateSinks) {
    this.source = source;
    this.watermarks = watermarks;
    this.gate = gate;
    this.lateSinks = new LinkedHashMap<>(lateSinks);
    this.eventSink = eventSink;
    this.deadLetterSinks = new LinkedHashMap<>(deadLetterSinks);
  }

  /** The production wiring: Kafka in; ClickHouse and the dead-letter topic out. */
  public static IngestJob production(JobConfig config, PhoneHasher phoneHasher) {
    return new IngestJob(
        KafkaSources.ingest(config, phoneHasher),
        KafkaSources.watermarks(config),
        KafkaSources.gate(config),
        Sinks.events(config),
        Map.of("clickhouse", Sinks.deadLetterTable(config), "kafka", Sinks.deadLetterTopic(config)),
        Map.of("clickhouse", Sinks.lateEvents(config)));
  }

  public DataStream<CustomerEvent> attachTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<Ingested> gated =
        env.fromSource(source, watermarks, "kafka: scan, purchase, interaction")
            .uid(SOURCE_UID)
            .transform(
                "event time: lateness per partition, end of input",
                TypeInformation.of(Ingested.class),
                gate)
            .uid(GATE_UID);
    DataStream<LateRecord> late = gated.getSideOutput(EventTimeGate.LATE);
    lateSinks.forEach(
        (name, sink) ->
            late.sinkTo(sink).uid(LATE_SINK_UID_PREFIX + name).name(name + ": late events"));
    SingleOutputStreamOperator<CustomerEvent> events =
        gated
            .process(new DeadLetterRouter())
            .uid(ROUTER_UID)
            .name("validate, count, route dead letters");
    events.sinkTo(eventSink).uid(EVENTS_SINK_UID).name("clickhouse: events");
    DataStream<DeadLetter> deadLetters = events.getSideOutput(DeadLetterRouter.DEAD_LETTERS);
    deadLetterSinks.forEach(
        (name, sink) ->
            deadLetters
                .sinkTo(sink)
                .uid(DEAD_LETTER_SINK_UID_PREFIX + name)
                .name(name + ": dead letters"));
    return events;
  }
}
