package io.siyu.jobs.records;

/** Why a record was rejected. Each has its own counter and shows in {@code dead_letters.reason}. */
public enum DeadLetterReason {
  /** Larger than {@code validation.max-record-bytes}; not parsed at all. */
  OVERSIZED,
  /** Not JSON, or not a JSON object, or a field of the wrong JSON type. */
  MALFORMED_JSON,
  /** Nested deeper than {@code validation.max-nesting-depth}. */
  TOO_DEEP,
  /** A required field is absent or empty ({@code event_id}, {@code ts}, {@code channel}, ...). */
  MISSING_FIELD,
  /** {@code ids} holds none of member_id, union_id, open_id, phone. */
  NO_CUSTOMER_ID,
  /** An interaction type, purchase status or reward type the contract does not know. */
  UNKNOWN_TYPE,
  /** Event time before {@code validation.min-event-time} or too far after the Kafka timestamp. */
  BAD_TIMESTAMP,
  /** A negative or absurdly large amount, price, discount or quantity. */
  BAD_AMOUNT,
  /** A field with an invalid value (too long, bad schema version, ...). */
  BAD_VALUE
}
