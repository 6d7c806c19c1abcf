package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.identity.IdentityResolver;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.time.EventTimeOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Identity resolution (OneID): every valid event → its customer's canonical id, plus the merges and
 * referral credits the per-identifier histories need ({@link IdentityMessage}), and the identity
 * map for ClickHouse. One instance (parallelism 1): see {@link IdentityResolver}.
 */
public final class IdentityJob {
  public static final String ORDER_UID = "identity-event-time-order";
  public static final String RESOLVER_UID = "identity-resolver";
  public static final String LINKS_SINK_UID_PREFIX = "identity-map-sink-";

  private final JobConfig config;
  private final Map<String, Sink<IdentityLink>> linkSinks;

  public IdentityJob(JobConfig config, Map<String, Sink<IdentityLink>> linkSinks) {
    this.config = config;
    this.linkSinks = new LinkedHashMap<>(linkSinks);
  }

  public static IdentityJob production(JobConfig config) {
    return new IdentityJob(config, Map.of("clickhouse", Sinks.identityMap(config)));
  }

  public SingleOutputStreamOperator<IdentityMessage> attachTo(DataStream<CustomerEvent> events) {
    // Held until the watermark and sorted (README "Event time"); chained to the resolver, which
    // runs in the same single task under the same single key.
    SingleOutputStreamOperator<CustomerEvent> ordered =
        events
            .keyBy(e -> IdentityResolver.THE_GRAPH, TypeInformation.of(Integer.class))
            .transform(
                "identity: event-time order",
                TypeInformation.of(CustomerEvent.class),
                new EventTimeOrder())
            .setParallelism(1)
            .uid(ORDER_UID);
    SingleOutputStreamOperator<IdentityMessage> messages =
        DataStreamUtils.reinterpretAsKeyedStream(
                ordered, e -> IdentityResolver.THE_GRAPH, TypeInformation.of(Integer.class))
            .process(
                new IdentityResolver(
                    config.profile().identity().maxIdsPerCustomer(),
                    config.profile().stateCacheEntries()),
                TypeInformation.of(IdentityMessage.class))
            .setParallelism(1)
            .uid(RESOLVER_UID)
            .name("identity: OneID");
    DataStream<IdentityLink> links = messages.getSideOutput(IdentityResolver.LINKS);
    linkSinks.forEach(
        (name, sink) ->
            links
                .sinkTo(sink)
                .setParallelism(1)
                .uid(LINKS_SINK_UID_PREFIX + name)
                .name(name + ": identity map"));
    return messages;
  }

  /** The events with their canonical customer ids, for the journeys. */
  public static DataStream<ResolvedEvent> resolvedEvents(DataStream<IdentityMessage> messages) {
    return messages
        .filter(m -> m.event() != null)
        .name("identity: events only")
        .map(IdentityMessage::resolved, TypeInformation.of(ResolvedEvent.class))
        .name("identity: resolved events");
  }
}
