package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Limits that decide whether an input record is accepted. Time checks are relative to the Kafka
 * record timestamp, not the wall clock, so that a replay accepts exactly what live processing did.
 */
public record ValidationConfig(
    int maxRecordBytes,
    int maxNestingDepth,
    Instant minEventTime,
    Duration maxFutureSkew,
    long maxAmountYuan,
    int maxItemQuantity,
    int maxIdLength,
    int deadLetterPayloadChars)
    implements Serializable {

  public long maxAmountFen() {
    return maxAmountYuan * 100;
  }

  void validate() {
    ConfigException.require(maxRecordBytes >= 256, "validation.max-record-bytes", "must be >= 256");
    ConfigException.require(
        maxNestingDepth >= 3, "validation.max-nesting-depth", "must be >= 3 (events nest 3 deep)");
    ConfigException.require(
        minEventTime != null, "validation.min-event-time", "must be an ISO instant");
    ConfigException.require(
        maxFutureSkew != null && !maxFutureSkew.isNegative(),
        "validation.max-future-skew",
        "must be >= 0");
    ConfigException.require(maxAmountYuan > 0, "validation.max-amount-yuan", "must be > 0");
    ConfigException.require(maxItemQuantity > 0, "validation.max-item-quantity", "must be > 0");
    ConfigException.require(maxIdLength >= 8, "validation.max-id-length", "must be >= 8");
    ConfigException.require(
        deadLetterPayloadChars >= 64, "validation.dead-letter-payload-chars", "must be >= 64");
  }
}
