package io.siyu.jobs.records;

/** A purchase event is either the payment of an order or its refund. */
public enum PurchaseStatus {
  PAID,
  REFUNDED
}
