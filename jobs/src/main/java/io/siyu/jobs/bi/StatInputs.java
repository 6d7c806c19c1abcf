package io.siyu.jobs.bi;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * What each fact adds to which aggregate rows (README "BI": the aggregates). Distinct counts do not
 * add up across dimensions, so every grouping a view needs is its own key: scans by (campaign, sku,
 * batch, issued and scan region) and by campaign; sales by channel, by (store, guide) and by all
 * three; interactions by (type, channel, campaign); the funnel by campaign.
 */
public final class StatInputs implements FlatMapFunction<BiFact, StatInput> {
  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(BiFact f, Collector<StatInput> out) {
    switch (f.kind) {
      case BiFact.SCAN -> scan(f, out);
      case BiFact.PURCHASE -> purchase(f, out);
      default -> interaction(f, out);
    }
  }

  private static void scan(BiFact f, Collector<StatInput> out) {
    String reward = f.rewardType == null ? "" : f.rewardType;
    long[] sums = {
      1,
      f.firstScan ? 1 : 0,
      f.firstScan ? 0 : 1,
      f.diverted() ? 1 : 0,
      reward.equals("RED_PACKET") ? 1 : 0,
      reward.equals("RED_PACKET") ? f.rewardFen : 0,
      reward.equals("POINTS") ? 1 : 0,
      reward.equals("POINTS") ? f.rewardFen : 0,
      reward.equals("CARD") ? 1 : 0
    };
    String[] distinct = {d(0, f.customer), d(1, f.code)};
    String campaign = text(f.campaignId);
    out.collect(
        input(
            StatTable.SCANS,
            "detail",
            f,
            sums,
            distinct,
            campaign,
            text(f.sku),
            text(f.batchId),
            text(f.issuedRegion),
            text(f.scanRegion)));
    out.collect(input(StatTable.SCANS, "campaign", f, sums, distinct, campaign, "", "", "", ""));
    if (!campaign.isEmpty()) {
      out.collect(
          input(StatTable.FUNNEL, "campaign", f, NONE, new String[] {d(1, f.customer)}, campaign));
    }
  }

  private static void purchase(BiFact f, Collector<StatInput> out) {
    long[] sums = {
      f.paid ? 1 : 0,
      f.paid ? f.amountFen : 0,
      f.paid ? 0 : 1,
      f.paid ? 0 : f.amountFen,
      f.paid && f.couponId != null && !f.couponId.isEmpty() ? 1 : 0,
      f.paid ? f.discountFen : 0,
      f.paid && f.firstOrder ? 1 : 0
    };
    String[] distinct = {f.paid ? d(0, f.customer) : null};
    String channel = text(f.channel);
    String store = text(f.storeId);
    String guide = text(f.guideId);
    out.collect(input(StatTable.SALES, "channel", f, sums, distinct, channel, "", ""));
    out.collect(input(StatTable.SALES, "store_guide", f, sums, distinct, "", store, guide));
    out.collect(input(StatTable.SALES, "detail", f, sums, distinct, channel, store, guide));
    if (f.paid && f.campaigns != null) {
      for (String campaign : f.campaigns) {
        out.collect(
            input(
                StatTable.FUNNEL, "campaign", f, NONE, new String[] {d(3, f.customer)}, campaign));
      }
    }
  }

  private static void interaction(BiFact f, Collector<StatInput> out) {
    String type = f.interactionType;
    String campaign = text(f.campaignId);
    out.collect(
        input(
            StatTable.INTERACTIONS,
            "detail",
            f,
            new long[] {1},
            new String[] {d(0, f.customer)},
            type,
            text(f.channel),
            campaign));
    if (type.equals("guide_add")) {
      out.collect(
          input(
              StatTable.SALES,
              "store_guide",
              f,
              new long[StatTable.SALES.sums().size()],
              new String[] {d(1, f.customer)},
              "",
              text(f.storeId),
              text(f.guideId)));
    } else if (type.equals("follow") && !campaign.isEmpty()) {
      out.collect(
          input(StatTable.FUNNEL, "campaign", f, NONE, new String[] {d(0, f.customer)}, campaign));
    } else if (type.equals("add_to_cart") && !campaign.isEmpty()) {
      out.collect(
          input(StatTable.FUNNEL, "campaign", f, NONE, new String[] {d(2, f.customer)}, campaign));
    }
  }

  private static final long[] NONE = new long[0];

  private static StatInput input(
      StatTable table, String grouping, BiFact f, long[] sums, String[] distinct, String... dims) {
    StatInput in = new StatInput();
    StringBuilder key = new StringBuilder().append(table.id()).append('\u0001').append(grouping);
    for (String d : dims) {
      key.append('\u0001').append(d);
    }
    in.key = key.toString();
    in.table = table.id();
    in.grouping = grouping;
    in.dims = dims;
    in.at = f.at;
    in.windowTs = f.windowTs;
    in.sums = sums;
    in.distinct = distinct;
    return in;
  }

  /** A distinct value of measure {@code index}. */
  private static String d(int index, String value) {
    return value == null ? null : index + "|" + value;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
