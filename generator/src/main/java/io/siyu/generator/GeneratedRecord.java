package io.siyu.generator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record to put on a Kafka topic (or a line of a JSON-lines file), with what the pipeline is
 * expected to do with it.
 *
 * @param stream {@code scan}, {@code purchase} or {@code interaction} (see {@link Streams})
 * @param topic the Kafka topic of the stream
 * @param key the customer key used for partitioning (the first of member_id, union_id, open_id,
 *     phone in the record's ids); null when the record carries no customer id
 * @param value the UTF-8 payload; never contains a line break
 * @param kafkaTimestamp the Kafka record timestamp to set: the simulated clock at emission
 * @param eventId the event_id written into the payload, or null if the payload has none
 * @param expectedReason null for a record the parser must accept, else a {@link RejectReason} name
 * @param duplicate true for a byte-identical re-send of an earlier valid record
 */
public record GeneratedRecord(
    String stream,
    String topic,
    String key,
    byte[] value,
    long kafkaTimestamp,
    String eventId,
    String expectedReason,
    boolean duplicate) {

  /** True if the parser must accept the record (duplicates included). */
  public boolean valid() {
    return expectedReason == null;
  }

  /** The payload as text. */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  // Records compare arrays by reference; compare the payload by content instead.
  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedRecord r
        && kafkaTimestamp == r.kafkaTimestamp
        && duplicate == r.duplicate
        && stream.equals(r.stream)
        && topic.equals(r.topic)
        && Objects.equals(key, r.key)
        && Objects.equals(eventId, r.eventId)
        && Objects.equals(expectedReason, r.expectedReason)
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stream, key, kafkaTimestamp, eventId, expectedReason, duplicate)
        + 31 * Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    String text = valueAsString();
    return "GeneratedRecord[stream="
        + stream
        + ", key="
        + key
        + ", kafkaTimestamp="
        + kafkaTimestamp
        + ", eventId="
        + eventId
        + ", expectedReason="
        + expectedReason
        + ", duplicate="
        + duplicate
        + ", value="
        + (text.length() > 300 ? text.substring(0, 300) + "…(" + value.length + " bytes)" : text)
        + "]";
  }
}
