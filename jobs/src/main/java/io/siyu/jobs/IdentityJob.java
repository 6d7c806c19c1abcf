package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.CustomerKey;
import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.identity.IdentityResolver;
import io.siyu.jobs.identity.LinkScreen;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.sinks.Sinks;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import io.siyu.jobs.time.EventTimeOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Identity resolution (OneID): every valid event → a message for its strongest identifier's
 * history, plus the re-points, merges and referral credits the histories need ({@link
 * IdentityMessage}), and the identity map for ClickHouse.
 *
 * <p>In parallel, keyed by the event's strongest identifier, {@link LinkScreen} sends the events
 * that can change the graph (a set of identifiers not seen before, invitations, paid orders) to the
 * graph ({@link IdentityResolver}, one instance, in event-time order); every other event goes past
 * it, and its identifier's history supplies the customer.
 */
public final class IdentityJob {
  public static final String SCREEN_UID = "identity-link-screen";
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

  /**
   * Identity's outputs: {@code messages} for the identifier histories (from both paths), and the
   * customers absorbed by merges, for the journeys.
   */
  public record Streams(DataStream<IdentityMessage> messages, DataStream<CustomerMerge> merges) {}

  public Streams attachTo(DataStream<CustomerEvent> events) {
    SingleOutputStreamOperator<IdentityMessage> screened = null;
    DataStream<CustomerEvent> toGraph = events;
    if (config.profile().identity().isParallel()) {
      screened =
          events
              .keyBy(e -> CustomerKey.of(e.header().ids()), Types.STRING)
              .transform(
                  "identity: link screen",
                  TypeInformation.of(IdentityMessage.class),
                  new WriteBackKeyedProcessOperator<>(
                      new LinkScreen(config.profile().stateCacheEntries())))
              .uid(SCREEN_UID);
      toGraph = screened.getSideOutput(LinkScreen.TO_GRAPH);
    }
    // Held until the watermark and sorted (README "Event time"); chained to the resolver, which
    // runs in the same single task under the same single key.
    SingleOutputStreamOperator<CustomerEvent> ordered =
        toGraph
            .keyBy(e -> IdentityResolver.THE_GRAPH, TypeInformation.of(Integer.class))
            .transform(
                "identity: event-time order",
                TypeInformation.of(CustomerEvent.class),
                new EventTimeOrder())
            .setParallelism(1)
            .uid(ORDER_UID);
    SingleOutputStreamOperator<IdentityMessage> graph =
        DataStreamUtils.reinterpretAsKeyedStream(
                ordered, e -> IdentityResolver.THE_GRAPH, TypeInformation.of(Integer.class))
            .process(
                new IdentityResolver(
                    config.profile().identity().maxIdsPerCustomer(),
                    config.profile().stateCacheEntries()),
                TypeInformation.of(IdentityMessage.class))
            .setParallelism(1)
            .uid(RESOLVER_UID)
            .name("identity: OneID graph");
    DataStream<IdentityLink> links = graph.getSideOutput(IdentityResolver.LINKS);
    linkSinks.forEach(
        (name, sink) ->
            links
                .sinkTo(sink)
                .setParallelism(1)
                .uid(LINKS_SINK_UID_PREFIX + name)
                .name(name + ": identity map"));
    return new Streams(
        screened == null ? graph : screened.union(graph),
        graph.getSideOutput(IdentityResolver.MERGES));
  }
}
