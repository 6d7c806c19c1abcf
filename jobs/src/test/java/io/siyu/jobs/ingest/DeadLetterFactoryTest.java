package io.siyu.jobs.ingest;

import static io.siyu.jobs.TestFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.records.DeadLetter;
import io.siyu.jobs.records.DeadLetterReason;
import io.siyu.udf.PhoneRedactor;
import org.junit.jupiter.api.Test;

class DeadLetterFactoryTest {
  private final DeadLetterFactory factory =
      new DeadLetterFactory(new PhoneRedactor(TestFixtures.HASHER), 64);

  @Test
  void keepsSourceCoordinatesReasonAndSize() {
    byte[] raw = utf8("{oops");
    DeadLetter d =
        factory.create(
            "scan",
            2,
            77,
            1234,
            new InvalidEventException(DeadLetterReason.MALFORMED_JSON, "bad"),
            raw);
    assertEquals("scan", d.sourceTopic());
    assertEquals(2, d.sourcePartition());
    assertEquals(77, d.sourceOffset());
    assertEquals(1234, d.kafkaTimestamp());
    assertEquals(DeadLetterReason.MALFORMED_JSON, d.reason());
    assertEquals("bad", d.detail());
    assertEquals("{oops", d.payload());
    assertEquals(5, d.payloadBytes());
  }

  @Test
  void truncatesThePayloadButCountsAllBytes() {
    byte[] raw = utf8("x".repeat(10_000));
    DeadLetter d = factory.create("scan", 0, 0, 0, why(), raw);
    assertEquals(64, d.payload().length());
    assertEquals(10_000, d.payloadBytes());
  }

  @Test
  void hashesPhoneNumbersInThePayloadAndDetailEvenAtTheCut() {
    // The number straddles the 64-char limit: it must still not leak, not even in part.
    String json = "{\"pad\":\"" + "y".repeat(50) + "\",\"phone\":\"13812345678\"}";
    DeadLetter d =
        factory.create(
            "scan",
            0,
            0,
            0,
            new InvalidEventException(DeadLetterReason.BAD_VALUE, "phone 13812345678 is odd"),
            utf8(json));
    assertFalse(d.payload().contains("1381234"), d.payload());
    assertFalse(d.detail().contains("13812345678"), d.detail());
    assertTrue(d.detail().contains("phone#" + TestFixtures.HASHER.hash("13812345678")));
  }

  @Test
  void decodesInvalidUtf8WithoutFailing() {
    DeadLetter d =
        factory.create("scan", 0, 0, 0, why(), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
    assertTrue(d.payload().endsWith("a"));
    assertEquals(3, d.payloadBytes());
  }

  private static InvalidEventException why() {
    return new InvalidEventException(DeadLetterReason.OVERSIZED, "big");
  }
}
