package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Thresholds of the customer models (see README, "Customer profile"): RFM scoring over a rolling
 * window and the lifecycle's quiet periods.
 */
public record ProfileConfig(
    IdentityConfig identity,
    RfmConfig rfm,
    LifecycleConfig lifecycle,
    TagsConfig tags,
    ClvConfig clv,
    Duration retention,
    int stateCacheEntries)
    implements Serializable {

  /**
   * OneID: identifiers seen together are one customer; a link that would give one customer more
   * than {@code maxIdsPerCustomer} identifiers is refused (a shared phone, a faulty integration).
   * {@code parallel} (default true): events whose identifiers are already linked go past the
   * identity graph's single instance; false sends every event through it (one step less per event,
   * but identity then cannot use more than one core).
   */
  public record IdentityConfig(int maxIdsPerCustomer, Boolean parallel) implements Serializable {
    public IdentityConfig(int maxIdsPerCustomer) {
      this(maxIdsPerCustomer, true);
    }

    public boolean isParallel() {
      return parallel == null || parallel;
    }
  }

  /**
   * Predicted CLV: the chance, per lifecycle stage, that a customer still buys a year on. Keys are
   * stage names in lower case with dashes ({@code won-back}); every stage needs one.
   */
  public record ClvConfig(Map<String, Double> survival) implements Serializable {
    public double survival(io.siyu.jobs.profile.LifecycleStage stage) {
      return survival.get(key(stage));
    }

    static String key(io.siyu.jobs.profile.LifecycleStage stage) {
      return stage.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * RFM over {@code window}. Each list has four ascending cut points giving scores 5..1 (recency:
   * fewer days is better) or 1..5 (frequency, monetary: more is better). A score of at least {@code
   * high-score} counts as "high" for the eight classic segments.
   */
  public record RfmConfig(
      Duration window, int[] recencyDays, int[] frequency, long[] monetaryYuan, int highScore)
      implements Serializable {}

  /** Days without a purchase after which a buyer is AT_RISK, DORMANT, CHURNED. */
  public record LifecycleConfig(int atRiskDays, int dormantDays, int churnedDays)
      implements Serializable {}

  /**
   * Tag thresholds: high value (net spend in the RFM window), promotion sensitive (share of orders
   * with a coupon, from a minimum number of orders), scan enthusiast (product-code scans), KOC
   * (invitees who bought).
   */
  public record TagsConfig(
      long highValueYuan,
      double promotionShare,
      int promotionMinOrders,
      int scanEnthusiastScans,
      int kocInviteesBought)
      implements Serializable {}

  void validate() {
    ConfigException.require(
        stateCacheEntries >= 1,
        "profile.state-cache-entries",
        "must be >= 1 (recently used customers kept deserialized per operator instance)");
    ConfigException.require(identity != null, "profile.identity", "section is missing");
    ConfigException.require(
        identity.maxIdsPerCustomer() >= 2,
        "profile.identity.max-ids-per-customer",
        "must be >= 2 (a customer with one identifier cannot be linked to anything)");
    ConfigException.require(
        clv != null && clv.survival() != null, "profile.clv.survival", "section is missing");
    for (io.siyu.jobs.profile.LifecycleStage stage : io.siyu.jobs.profile.LifecycleStage.values()) {
      Double p = clv.survival().get(ClvConfig.key(stage));
      ConfigException.require(
          p != null && p >= 0 && p <= 1,
          "profile.clv.survival." + ClvConfig.key(stage),
          "needs a probability between 0 and 1 for every lifecycle stage");
    }
    ConfigException.require(
        clv.survival().size() == io.siyu.jobs.profile.LifecycleStage.values().length,
        "profile.clv.survival",
        "has a key that is not a lifecycle stage; known: prospect, new, active, won-back, at-risk,"
            + " dormant, churned");
    ConfigException.require(rfm != null, "profile.rfm", "section is missing");
    ConfigException.require(tags != null, "profile.tags", "section is missing");
    ConfigException.require(
        tags.highValueYuan() > 0, "profile.tags.high-value-yuan", "must be > 0");
    ConfigException.require(
        tags.promotionShare() > 0 && tags.promotionShare() <= 1,
        "profile.tags.promotion-share",
        "must be in (0, 1]");
    ConfigException.require(
        tags.promotionMinOrders() >= 1, "profile.tags.promotion-min-orders", "must be >= 1");
    ConfigException.require(
        tags.scanEnthusiastScans() >= 1, "profile.tags.scan-enthusiast-scans", "must be >= 1");
    ConfigException.require(
        tags.kocInviteesBought() >= 1, "profile.tags.koc-invitees-bought", "must be >= 1");
    ConfigException.require(lifecycle != null, "profile.lifecycle", "section is missing");
    ConfigException.require(
        rfm.window() != null && rfm.window().toDays() >= 1, "profile.rfm.window", "must be >= 1d");
    requireCuts(
        rfm.recencyDays() == null
            ? null
            : Arrays.stream(rfm.recencyDays()).asLongStream().toArray(),
        "recency-days");
    requireCuts(
        rfm.frequency() == null ? null : Arrays.stream(rfm.frequency()).asLongStream().toArray(),
        "frequency");
    requireCuts(rfm.monetaryYuan(), "monetary-yuan");
    ConfigException.require(
        rfm.highScore() >= 2 && rfm.highScore() <= 5, "profile.rfm.high-score", "must be 2..5");
    ConfigException.require(
        0 < lifecycle.atRiskDays()
            && lifecycle.atRiskDays() < lifecycle.dormantDays()
            && lifecycle.dormantDays() < lifecycle.churnedDays(),
        "profile.lifecycle",
        "needs 0 < at-risk-days < dormant-days < churned-days");
    ConfigException.require(
        retention != null && retention.toDays() > lifecycle.churnedDays(),
        "profile.retention",
        "must be longer than lifecycle.churned-days: state is never dropped before churn");
  }

  private static void requireCuts(long[] cuts, String name) {
    boolean ok = cuts != null && cuts.length == 4;
    for (int i = 1; ok && i < cuts.length; i++) {
      ok = cuts[i - 1] < cuts[i];
    }
    ConfigException.require(
        ok, "profile.rfm." + name, "must be four ascending numbers, e.g. [7, 30, 90, 180]");
  }
}
