package io.siyu.jobs.profile;

/**
 * A customer's profile after a change, for the changelog topic and the ClickHouse profile table
 * (one row per customer, the highest {@code version} wins). Money in fen; times epoch millis.
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
    CustomerTags tags) {}
