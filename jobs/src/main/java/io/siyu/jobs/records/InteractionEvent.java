package io.siyu.jobs.records;

/**
 * Any other customer action: follow, cart add, share, invite accepted, coupon claimed or redeemed,
 * {@code bind_member} (which carries two identities of one person), and so on. {@code referrerIds}
 * is who invited or shared, when known.
 */
public record InteractionEvent(
    EventHeader header,
    InteractionType type,
    String sku,
    String campaignId,
    String couponId,
    CustomerIds referrerIds) {}
