package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.state.HotCache;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The identity graph ({@link IdentityGraph}): links the identifiers of the events that need it and
 * tells the per-identifier histories about re-points (merges) and referral credits.
 *
 * <p>Runs at parallelism 1 under a single key: identity is a global graph (any two identifiers may
 * turn out to be one person), and one instance is the only way to link them without a feedback loop
 * (Flink 2 has no iterations). It only sees what needs the graph — the first occurrence of each set
 * of identifiers seen together, accepted invitations and paid orders — which {@link LinkScreen}
 * picks in parallel; every other event goes past it. See README, "Identity".
 *
 * <p>Its input is in event-time order ({@link io.siyu.jobs.time.EventTimeOrder}), so links take
 * effect in event-time order. Every message carries its place in the order of the records ({@link
 * IdentityMessage#ORDER}): a re-point comes before the event that caused it, so an identifier's
 * history, which puts its input back in that order, sees them in that order.
 */
public class IdentityResolver
    extends KeyedProcessFunction<Integer, CustomerEvent, IdentityMessage> {
  private static final long serialVersionUID = 1L;

  /** The single key all events are routed under. */
  public static final int THE_GRAPH = 0;

  public static final OutputTag<IdentityLink> LINKS =
      new OutputTag<>("identity-links", TypeInformation.of(IdentityLink.class));

  /** One notice per customer absorbed by a merge, for the journeys. */
  public static final OutputTag<CustomerMerge> MERGES =
      new OutputTag<>("identity-merges", TypeInformation.of(CustomerMerge.class));

  public static MapStateDescriptor<String, IdNode> nodesDescriptor() {
    return new MapStateDescriptor<>(
        "identity-nodes", Types.STRING, TypeInformation.of(IdNode.class));
  }

  private final int maxIdsPerCustomer;
  private final int cacheEntries;
  private transient MapState<String, IdNode> nodes;
  private transient ValueState<Long> version;
  private transient IdentityResolution resolution;
  private transient Counter merges;
  private transient Counter refused;
  private transient Emitter emitter;

  public IdentityResolver(int maxIdsPerCustomer, int cacheEntries) {
    this.maxIdsPerCustomer = maxIdsPerCustomer;
    this.cacheEntries = cacheEntries;
  }

  @Override
  public void open(OpenContext openContext) {
    nodes = getRuntimeContext().getMapState(nodesDescriptor());
    version =
        getRuntimeContext().getState(new ValueStateDescriptor<>("identity-version", Long.class));
    HotCache<String, IdNode> cache = new HotCache<>(cacheEntries);
    getRuntimeContext().getMetricGroup().gauge("stateCacheHitRate", cache::hitRate);
    resolution =
        new IdentityResolution(
            new IdStore() {
              @Override
              public IdNode get(String id) throws Exception {
                IdNode node = cache.get(id);
                if (node == null) {
                  node = nodes.get(id);
                  if (node != null) {
                    cache.put(id, node);
                  }
                }
                return node;
              }

              @Override
              public void put(String id, IdNode node) throws Exception {
                nodes.put(id, node);
                cache.put(id, node);
              }
            },
            maxIdsPerCustomer);
    emitter = new Emitter();
    merges = getRuntimeContext().getMetricGroup().counter("identity.merges");
    refused = getRuntimeContext().getMetricGroup().counter("identity.refusedLinks");
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<IdentityMessage> out)
      throws Exception {
    emitter.ctx = ctx;
    emitter.out = out;
    resolution.resolve(event, emitter);
  }

  /** The resolution's output, bound to the current element. */
  private final class Emitter implements IdentityResolution.Output {
    Context ctx;
    Collector<IdentityMessage> out;

    @Override
    public void message(IdentityMessage m) {
      out.collect(m);
    }

    @Override
    public void link(Repoint p, String cause, long ts) throws Exception {
      long v = (version.value() == null ? 0 : version.value()) + 1;
      version.update(v);
      ctx.output(LINKS, new IdentityLink(p.id(), p.to(), v, ts, cause));
    }

    @Override
    public void merged(String absorbed, String into, String eventId) {
      merges.inc();
      ctx.output(MERGES, new CustomerMerge(absorbed, into, ctx.timestamp(), eventId));
    }

    @Override
    public void refused() {
      refused.inc();
    }
  }
}
