package io.siyu.jobs.bi;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseEvent;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.records.ScanEvent;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each applied event (once: re-sends are dropped upstream) into a {@link BiFact}, deciding
 * its window time: its own time when it is at most {@code allowedLateness} behind where it was
 * applied (a late record within the allowed lateness updates its own window), else where it was
 * applied — the late-record policy of the whole job — counted as {@code biLateBeyondLateness}.
 */
public final class BiFacts extends ProcessFunction<ResolvedEvent, BiFact> {
  private static final long serialVersionUID = 1L;

  private final long allowedLatenessMs;
  private final CodeBatches batches;
  private transient Counter beyondLateness;

  public BiFacts(long allowedLatenessMs, CodeBatches batches) {
    this.allowedLatenessMs = allowedLatenessMs;
    this.batches = batches;
  }

  @Override
  public void open(OpenContext openContext) {
    beyondLateness = getRuntimeContext().getMetricGroup().counter("biLateBeyondLateness");
  }

  @Override
  public void processElement(ResolvedEvent r, Context ctx, Collector<BiFact> out) {
    long ts = r.event().header().ts();
    long at = ctx.timestamp() == null ? ts : ctx.timestamp();
    BiFact f = of(r.customerId(), r.event(), at, allowedLatenessMs, batches);
    if (f.windowTs != ts) {
      beyondLateness.inc();
    }
    out.collect(f);
  }

  /** The fact of {@code e}, applied at {@code at}, belonging to {@code customer}. */
  public static BiFact of(
      String customer, CustomerEvent e, long at, long allowedLatenessMs, CodeBatches batches) {
    EventHeader h = e.header();
    BiFact f = new BiFact();
    f.customer = customer;
    f.eventId = h.eventId();
    f.at = at;
    f.ts = h.ts();
    f.windowTs = at - h.ts() <= allowedLatenessMs ? h.ts() : at;
    f.channel = h.channel();
    f.storeId = h.storeId();
    f.guideId = h.guideId();
    if (e.scan() != null) {
      ScanEvent s = e.scan();
      f.kind = BiFact.SCAN;
      f.code = s.code();
      f.sku = s.sku();
      f.batchId = s.batchId();
      f.campaignId = s.campaignId();
      f.issuedRegion = batches.shippedRegion(s.batchId(), s.issuedRegion());
      f.scanRegion = s.scanRegion();
      if (s.reward() != null && s.reward().type() != null) {
        f.rewardType = s.reward().type().name();
        f.rewardFen = s.reward().amountFen();
      }
    } else if (e.purchase() != null) {
      PurchaseEvent p = e.purchase();
      f.kind = BiFact.PURCHASE;
      f.orderId = p.orderId();
      f.paid = p.status() == PurchaseStatus.PAID;
      f.amountFen = p.amountFen();
      f.discountFen = p.discountFen();
      f.couponId = p.couponId();
      TreeSet<String> campaigns = new TreeSet<>();
      if (p.items() != null) {
        for (LineItem item : p.items()) {
          for (String c : batches.campaignsOfSku(item.sku())) {
            campaigns.add(c);
          }
        }
      }
      f.campaigns = campaigns.toArray(String[]::new);
    } else {
      InteractionEvent i = e.interaction();
      f.kind = BiFact.INTERACTION;
      f.interactionType = i.type().wireName();
      f.sku = i.sku();
      f.campaignId = i.campaignId();
    }
    return f;
  }
}
