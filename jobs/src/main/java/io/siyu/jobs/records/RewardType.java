package io.siyu.jobs.records;

/** What a product-code scan paid out. */
public enum RewardType {
  RED_PACKET,
  POINTS,
  CARD,
  NONE
}
