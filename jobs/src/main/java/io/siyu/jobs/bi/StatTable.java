package io.siyu.jobs.bi;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * One ClickHouse aggregate table (sql/060-075): its dimensions, its summed measures (those in
 * {@code money} are fen, written as yuan) and its distinct counts.
 */
public record StatTable(
    byte id,
    String name,
    List<String> dims,
    List<String> sums,
    Set<String> money,
    List<String> distincts)
    implements Serializable {

  public static final StatTable SCANS =
      new StatTable(
          (byte) 0,
          "scan_stats",
          List.of("campaign_id", "sku", "batch_id", "issued_region", "scan_region"),
          List.of(
              "scans",
              "first_scans",
              "repeat_scans",
              "diverted_scans",
              "red_packets",
              "red_packet_amount",
              "points_rewards",
              "points_amount",
              "card_rewards"),
          Set.of("red_packet_amount", "points_amount"),
          List.of("scanners", "codes"));

  public static final StatTable SALES =
      new StatTable(
          (byte) 1,
          "sales_stats",
          List.of("channel", "store_id", "guide_id"),
          List.of(
              "orders",
              "gmv",
              "refunds",
              "refund_amount",
              "coupon_orders",
              "discount",
              "first_time_buyer_orders"),
          Set.of("gmv", "refund_amount", "discount"),
          List.of("buyers", "bound_customers"));

  public static final StatTable INTERACTIONS =
      new StatTable(
          (byte) 2,
          "interaction_stats",
          List.of("type", "channel", "campaign_id"),
          List.of("interactions"),
          Set.of(),
          List.of("customers"));

  public static final StatTable FUNNEL =
      new StatTable(
          (byte) 3,
          "funnel_stats",
          List.of("campaign_id"),
          List.of(),
          Set.of(),
          List.of("followed", "scanned", "carted", "purchased"));

  public static final List<StatTable> ALL = List.of(SCANS, SALES, INTERACTIONS, FUNNEL);

  public static StatTable byId(byte id) {
    return ALL.get(id);
  }
}
