package io.siyu.jobs.records;

/** One line of an order; prices in fen (0.01 CNY) so that sums are exact. */
public record LineItem(String sku, String category, int qty, long unitPriceFen) {}
