package io.siyu.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoneHasherTest {
  private static final byte[] SALT = "0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
  private final PhoneHasher hasher = new PhoneHasher(SALT);

  @Test
  void oneNumberWrittenManyWaysIsOneHash() {
    String h = hasher.hash("13812345678");
    assertEquals(h, hasher.hash("+86 138 1234 5678"));
    assertEquals(h, hasher.hash("0086-138-1234-5678"));
    assertEquals(h, hasher.hash("8613812345678"));
    assertEquals(32, h.length());
    assertTrue(h.matches("[0-9a-f]{32}"));
    assertNotEquals(h, hasher.hash("13812345679"));
  }

  @Test
  void theSaltMatters() {
    PhoneHasher other = new PhoneHasher("another-salt-0123456789".getBytes(StandardCharsets.UTF_8));
    assertNotEquals(hasher.hash("13812345678"), other.hash("13812345678"));
  }

  @Test
  void noDigitsMeansNoPhone() {
    assertNull(hasher.hash(null));
    assertNull(hasher.hash("n/a"));
  }

  @Test
  void saltComesFromTheEnvironmentOrAFileAndIsRequired(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("salt");
    Files.writeString(file, "from-a-file-0123456789\n");
    assertEquals(
        new PhoneHasher("from-a-file-0123456789".getBytes(StandardCharsets.UTF_8))
            .hash("13800000000"),
        PhoneHasher.fromEnvironment(Map.of(PhoneHasher.SALT_FILE_ENV, file.toString()))
            .hash("13800000000"));
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> PhoneHasher.fromEnvironment(Map.of()));
    assertTrue(missing.getMessage().contains(PhoneHasher.SALT_ENV));
    assertThrows(
        IllegalArgumentException.class,
        () -> PhoneHasher.fromEnvironment(Map.of(PhoneHasher.SALT_ENV, "short")));
  }

  @Test
  void redactorReplacesNumbersInFreeText() {
    PhoneRedactor r = new PhoneRedactor(hasher);
    String out =
        r.redact("{\"phone\":\"138-1234-5678\",\"n\":12345678901234,\"o\":\"+8613912345678\"}");
    assertFalse(out.contains("1234-5678"), out);
    assertFalse(out.contains("13912345678"), out);
    assertTrue(out.contains("phone#" + hasher.hash("13812345678")), out);
    assertTrue(out.contains("12345678901234"), "longer digit runs are not phones: " + out);
    assertEquals("no numbers here", r.redact("no numbers here"));
  }

  @Test
  void businessDayIsInTheConfiguredZone() {
    BusinessDay shanghai = new BusinessDay(java.time.ZoneId.of("Asia/Shanghai"));
    long lateUtc = java.time.Instant.parse("2026-01-01T16:30:00Z").toEpochMilli();
    assertEquals(java.time.LocalDate.parse("2026-01-02"), shanghai.date(lateUtc));
    BusinessDay utc = new BusinessDay(java.time.ZoneOffset.UTC);
    assertEquals(java.time.LocalDate.parse("2026-01-01"), utc.date(lateUtc));
    assertEquals(java.time.LocalDate.parse("1969-12-31"), utc.date(-1));
  }
}
