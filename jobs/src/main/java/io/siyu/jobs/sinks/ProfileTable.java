package io.siyu.jobs.sinks;

import io.siyu.jobs.profile.ProfileUpdate;
import java.io.IOException;
import java.util.List;

/** {@code customer_profile}: one row per update, the highest version wins (sql/030). */
public final class ProfileTable implements ClickHouseTable<ProfileUpdate> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of(
          "customer_key",
          "version",
          "updated_at",
          "stage",
          "stage_since",
          "first_seen",
          "first_purchase_at",
          "last_purchase_at",
          "lifetime_orders",
          "lifetime_net",
          "window_orders",
          "window_net",
          "rfm_recency",
          "rfm_frequency",
          "rfm_monetary",
          "rfm_segment",
          "high_value",
          "promotion_sensitive",
          "preferred_channel",
          "preferred_category",
          "omnichannel",
          "scan_enthusiast",
          "guide_id",
          "koc",
          "collector_progress",
          "invites_accepted",
          "invitees_bought",
          "fission_depth",
          "predicted_clv",
          "merged_into");

  @Override
  public String name() {
    return "customer_profile";
  }

  /** A later version of the same customer replaces the earlier one. */
  @Override
  public Object replacingKey(ProfileUpdate p) {
    return p.customerKey();
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, ProfileUpdate p) throws IOException {
    r.text(p.customerKey());
    r.integer(p.version());
    r.dateTime(p.updatedAt());
    r.text(p.stage().name());
    r.dateTime(p.stageSince());
    r.dateTime(p.firstSeen());
    r.dateTime(Math.max(0, p.firstPurchaseTs()));
    r.dateTime(Math.max(0, p.lastPurchaseTs()));
    r.integer(p.lifetimeOrders());
    r.money(p.lifetimeNetFen());
    r.integer(p.windowOrders());
    r.money(p.windowNetFen());
    r.integer(p.rfmRecency());
    r.integer(p.rfmFrequency());
    r.integer(p.rfmMonetary());
    r.text(p.segment().name());
    r.integer(p.tags().highValue() ? 1 : 0);
    r.integer(p.tags().promotionSensitive() ? 1 : 0);
    r.text(p.tags().preferredChannel());
    r.text(p.tags().preferredCategory());
    r.integer(p.tags().omnichannel() ? 1 : 0);
    r.integer(p.tags().scanEnthusiast() ? 1 : 0);
    r.text(p.tags().guideId());
    r.integer(p.tags().koc() ? 1 : 0);
    r.text(p.tags().collectorProgress());
    r.integer(p.invitesAccepted());
    r.integer(p.inviteesBought());
    r.integer(p.fissionDepth());
    r.money(p.predictedClvFen());
    r.text(p.mergedInto());
  }
}
