package io.siyu.jobs.ingest;

import io.siyu.jobs.records.DeadLetter;
import io.siyu.udf.PhoneRedactor;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Builds the dead letter for a rejected record: the raw payload decoded leniently, phone numbers
 * replaced by their hashes, then truncated. Redaction runs before truncation (on a slightly longer
 * prefix) so that a number cut in half at the limit cannot slip through unredacted.
 */
public final class DeadLetterFactory implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int DETAIL_CHARS = 300;
  private static final int REDACTION_MARGIN = 32;

  private final PhoneRedactor redactor;
  private final int payloadChars;

  public DeadLetterFactory(PhoneRedactor redactor, int payloadChars) {
    this.redactor = redactor;
    this.payloadChars = payloadChars;
  }

  public DeadLetter create(
      String topic,
      int partition,
      long offset,
      long kafkaTs,
      InvalidEventException why,
      byte[] raw) {
    int bytes = raw == null ? 0 : raw.length;
    // A UTF-8 char is at most 4 bytes: decoding this many bytes gives at least enough chars.
    int decode = Math.min(bytes, (payloadChars + REDACTION_MARGIN) * 4);
    String text = bytes == 0 ? "" : new String(raw, 0, decode, StandardCharsets.UTF_8);
    if (text.length() > payloadChars + REDACTION_MARGIN) {
      text = text.substring(0, payloadChars + REDACTION_MARGIN);
    }
    String payload = truncate(redactor.redact(text), payloadChars);
    String detail = truncate(redactor.redact(String.valueOf(why.getMessage())), DETAIL_CHARS);
    return new DeadLetter(topic, partition, offset, kafkaTs, why.reason(), detail, payload, bytes);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
