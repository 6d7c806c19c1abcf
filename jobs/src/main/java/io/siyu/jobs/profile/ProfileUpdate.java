package io.siyu.jobs.profile;

import java.util.Objects;

/**
 * A customer's profile after a change, for the changelog topic and the ClickHouse profile table
 * (one row per customer, the highest {@code version} wins). Money in fen; times epoch millis.
 * {@code mergedInto} is set on the last update of a customer absorbed into another (OneID): its
 * rows are history from then on. Historical CLV is {@code lifetimeNetFen}; {@code predictedClvFen}
 * is the expected spend of the next 365 days (see {@link ClvModel}).
 */
public record ProfileUpdate(
    String customerKey,
    long version,
    long updatedAt,
    LifecycleStage stage,
    long stageSince,
    long firstSeen,
    long firstPurchaseTs,
    long lastPurchaseTs,
    int lifetimeOrders,
    long lifetimeNetFen,
    int windowOrders,
    long windowNetFen,
    int rfmRecency,
    int rfmFrequency,
    int rfmMonetary,
    RfmSegment segment,
    CustomerTags tags,
    int invitesAccepted,
    int inviteesBought,
    int fissionDepth,
    long predictedClvFen,
    String mergedInto) {

  /**
   * A hash of what a reader sees (not the version or update time), stable across JVMs: enums by
   * ordinal, since their identity hash codes differ from run to run.
   */
  long contentHash() {
    return Objects.hash(
        stage.ordinal(),
        stageSince,
        firstSeen,
        firstPurchaseTs,
        lastPurchaseTs,
        lifetimeOrders,
        lifetimeNetFen,
        windowOrders,
        windowNetFen,
        rfmRecency,
        rfmFrequency,
        rfmMonetary,
        segment.ordinal(),
        tags.highValue(),
        tags.promotionSensitive(),
        tags.preferredChannel(),
        tags.preferredCategory(),
        tags.omnichannel(),
        tags.scanEnthusiast(),
        tags.guideId(),
        tags.koc(),
        tags.collectorProgress(),
        invitesAccepted,
        inviteesBought,
        fissionDepth,
        predictedClvFen,
        mergedInto);
  }
}
