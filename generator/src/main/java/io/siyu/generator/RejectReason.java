package io.siyu.generator;

/**
 * Why the Flink parser must reject a malformed record: the names are exactly the parser's
 * dead-letter reasons, so tests can compare {@link GeneratedRecord#expectedReason()} with the
 * {@code dead_letters.reason} column one to one.
 */
public enum RejectReason {
  /** The record is larger than 65536 bytes (valid JSON with a huge extra field). */
  OVERSIZED,
  /** Not JSON, not a JSON object, truncated, or a known field of the wrong JSON type. */
  MALFORMED_JSON,
  /** JSON nested deeper than 16 levels (in an unknown extra field; otherwise valid). */
  TOO_DEEP,
  /** A required field is absent or empty, or a bind_member carries only one id. */
  MISSING_FIELD,
  /** {@code ids} is absent, null, empty or holds none of the four known identifiers. */
  NO_CUSTOMER_ID,
  /** An interaction type, purchase status or reward type that the contract does not list. */
  UNKNOWN_TYPE,
  /** {@code ts} before 2015-01-01T00:00:00Z or more than 1 h after the Kafka timestamp. */
  BAD_TIMESTAMP,
  /** A negative amount, discount, unit price or reward amount, amount above 1e6, bad qty. */
  BAD_AMOUNT
}
