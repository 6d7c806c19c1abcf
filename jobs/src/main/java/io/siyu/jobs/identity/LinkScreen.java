package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.state.WriteBackFunction;
import io.siyu.jobs.state.WriteBackValueState;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decides, in parallel, which events need the identity graph ({@link IdentityResolver}, one
 * instance) and lets every other event go past it. Keyed by the event's strongest identifier.
 *
 * <p>An event needs the graph when its set of identifiers has not been seen at an earlier time (its
 * identifiers may link customers or be new: {@link KnownIdSets#mustSend}), when it accepts an
 * invitation (the referrer's identifiers and the referral tree are in the graph), or when it is a
 * paid order (an invitee's first order credits the inviter). Any other event's identifiers were
 * linked by an earlier event, and nothing it carries can change the graph: it goes straight to its
 * identifier's history ({@link IdentityMessage#alreadyLinked}), which knows the customer — so the
 * serial step sees a customer's first events, invitations and orders, not their browsing and
 * scanning, and its share of the work falls as customers return.
 */
public class LinkScreen extends KeyedProcessFunction<String, CustomerEvent, IdentityMessage>
    implements WriteBackFunction {
  private static final long serialVersionUID = 1L;

  /** The events that need the graph, in the order they came. */
  public static final OutputTag<CustomerEvent> TO_GRAPH =
      new OutputTag<>("identity-to-graph", TypeInformation.of(CustomerEvent.class));

  public static ValueStateDescriptor<KnownIdSets> stateDescriptor() {
    return new ValueStateDescriptor<>("known-id-sets", TypeInformation.of(KnownIdSets.class));
  }

  private final int cacheEntries;
  private transient WriteBackValueState<String, KnownIdSets> known;
  private transient Counter toGraph;
  private transient Counter past;
  private transient Counter paidNotices;

  public LinkScreen(int cacheEntries) {
    this.cacheEntries = cacheEntries;
  }

  @Override
  public List<WriteBackValueState<?, ?>> writeBackStates() {
    return List.of(known);
  }

  @Override
  public void open(OpenContext openContext) {
    known =
        new WriteBackValueState<>(
            getRuntimeContext().getState(stateDescriptor()),
            cacheEntries,
            getRuntimeContext().getMetricGroup());
    toGraph = getRuntimeContext().getMetricGroup().counter("identity.toGraph");
    past = getRuntimeContext().getMetricGroup().counter("identity.pastGraph");
    paidNotices = getRuntimeContext().getMetricGroup().counter("identity.paidNotices");
  }

  @Override
  public void processElement(CustomerEvent e, Context ctx, Collector<IdentityMessage> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    long at = ctx.timestamp() == null ? e.header().ts() : ctx.timestamp();
    KnownIdSets sets = known.value(key);
    if (sets == null) {
      sets = new KnownIdSets();
    }
    String others =
        e.header().ids().count() == 1 ? "" : KnownIdSets.others(CustomerKey.all(e.header().ids()));
    boolean newSet = sets.mustSend(others, at);
    if (newSet) {
      known.update(key, sets);
    }
    if (newSet || isInvitation(e)) {
      toGraph.inc();
      ctx.output(TO_GRAPH, e);
    } else {
      past.inc();
      out.collect(IdentityMessage.alreadyLinked(key, e));
      if (e.purchase() != null && e.purchase().status() == PurchaseStatus.PAID) {
        // The graph keeps each customer's latest paid order for referral credits: it needs the
        // order's time and identifiers, not its items, and sends no event message for it.
        paidNotices.inc();
        ctx.output(TO_GRAPH, paidNotice(e));
      }
    }
  }

  /**
   * What the graph gets of a paid order that went past it: the purchase without its items (a parsed
   * purchase always has an array, so no input is ever taken for a notice).
   */
  static CustomerEvent paidNotice(CustomerEvent e) {
    PurchaseEvent p = e.purchase();
    return CustomerEvent.of(
        new PurchaseEvent(p.header(), p.orderId(), PurchaseStatus.PAID, null, 0, null, 0));
  }

  /** True for a {@link #paidNotice}: the graph applies it but sends no event message. */
  public static boolean isPaidNotice(CustomerEvent e) {
    return e.purchase() != null && e.purchase().items() == null;
  }

  /** An accepted invitation: the graph must see it whatever its identifiers. */
  static boolean isInvitation(CustomerEvent e) {
    InteractionEvent i = e.interaction();
    return i != null
        && i.type() == InteractionType.INVITE_ACCEPT
        && i.referrerIds() != null
        && !i.referrerIds().isEmpty();
  }
}
