package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.state.HotCache;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Resolves every event to its customer's canonical id ({@link IdentityGraph}) and tells the
 * per-identifier histories about merges and referral credits.
 *
 * <p>Runs at parallelism 1 under a single key: identity is a global graph (any two identifiers may
 * turn out to be one person), and one instance is the only way to link them without a feedback
 * loop. It does one map-state lookup per identifier an event carries; merges and new identifiers
 * cost a few writes. This is the pipeline's one serial step (see README, "Identity").
 *
 * <p>Its input is in event-time order ({@link io.siyu.jobs.time.EventTimeOrder}), so links take
 * effect in event-time order and every message is numbered ({@link IdentityMessage#seq}) in a
 * sequence that is a function of the records. Output order matters and is kept: a re-point is
 * emitted before the event that caused it, on the same stream, so an identifier's history sees them
 * in that order.
 */
public class IdentityResolver extends KeyedProcessFunction<Integer, CustomerEvent, IdentityMessage>
    implements CheckpointedFunction {
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
  private transient IdentityGraph graph;
  private transient List<Repoint> repoints;
  private transient List<IdentityGraph.Award> awards;
  private transient Counter merges;
  private transient Counter refused;

  /** The number of the last message sent ({@link IdentityMessage#seq}); operator state. */
  private transient long sequence;

  private transient ListState<Long> checkpointedSequence;

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
    graph =
        new IdentityGraph(
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
    repoints = new ArrayList<>();
    awards = new ArrayList<>();
    merges = getRuntimeContext().getMetricGroup().counter("identity.merges");
    refused = getRuntimeContext().getMetricGroup().counter("identity.refusedLinks");
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedSequence =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("identity-message-sequence", Types.LONG));
    sequence = 0;
    for (Long s : checkpointedSequence.get()) {
      sequence = Math.max(sequence, s);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    checkpointedSequence.update(List.of(sequence));
  }

  @Override
  public void processElement(CustomerEvent event, Context ctx, Collector<IdentityMessage> out)
      throws Exception {
    long ts = event.header().ts();
    String[] ids = CustomerKey.all(event.header().ids());
    String eventId = event.header().eventId();
    String canonical = link(ids, ts, eventId, ctx, out);
    InteractionEvent interaction = event.interaction();
    String inviter = null;
    if (interaction != null
        && interaction.type() == InteractionType.INVITE_ACCEPT
        && interaction.referrerIds() != null
        && !interaction.referrerIds().isEmpty()) {
      inviter = link(CustomerKey.all(interaction.referrerIds()), ts, eventId, ctx, out);
      // (Linking the inviter may have merged the invitee, when they share an identifier.)
      canonical = graph.canonicalOf(canonical);
    }
    out.collect(IdentityMessage.event(ids[0], canonical, event, inviter, ++sequence));

    if (inviter != null) {
      graph.inviteAccepted(canonical, inviter, ts, awards);
    } else if (event.purchase() != null && event.purchase().status() == PurchaseStatus.PAID) {
      graph.purchased(canonical, ts, awards);
    }
    for (IdentityGraph.Award a : awards) {
      out.collect(IdentityMessage.credit(a.canonical(), a.credit(), a.level(), ++sequence));
    }
    awards.clear();
  }

  /** Resolves identifiers seen together; emits the re-points and their identity-map rows. */
  private String link(
      String[] ids, long ts, String eventId, Context ctx, Collector<IdentityMessage> out)
      throws Exception {
    IdentityGraph.Resolution r = graph.resolve(ids, repoints, awards);
    if (r.refused()) {
      refused.inc();
    }
    if (repoints.isEmpty()) {
      return r.canonical();
    }
    long v = version.value() == null ? 0 : version.value();
    String absorbed = null;
    for (Repoint p : repoints) {
      String cause = p.from() == null ? (p.id().equals(p.to()) ? "first_seen" : "link") : "merge";
      ctx.output(LINKS, new IdentityLink(p.id(), p.to(), ++v, ts, cause));
      if (p.from() != null) {
        if (!p.from().equals(absorbed)) {
          // Re-points come grouped by the customer they leave: one notice per absorbed customer.
          absorbed = p.from();
          merges.inc();
          ctx.output(MERGES, new CustomerMerge(absorbed, p.to(), ctx.timestamp(), eventId));
        }
        out.collect(IdentityMessage.repoint(p.id(), p.to(), ++sequence));
      }
    }
    version.update(v);
    repoints.clear();
    return r.canonical();
  }
}
