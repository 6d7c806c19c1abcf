package io.siyu.jobs.records;

/**
 * An order paid or refunded. Amounts are in fen. Items are an array, not a List, so that Flink
 * serializes them with its own array serializer rather than falling back to Kryo.
 */
public record PurchaseEvent(
    EventHeader header,
    String orderId,
    PurchaseStatus status,
    LineItem[] items,
    long amountFen,
    String couponId,
    long discountFen) {}
