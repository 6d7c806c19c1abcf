package io.siyu.jobs.journey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic trigger ids: the first 128 bits of SHA-256 over the journey id, the recipient and
 * what made this firing unique (the entry event's id, plus the follow-up's for a must-happen
 * journey; the campaign for a card collection), as 32 hex characters. A replay of the same events
 * gives the same ids, which is what lets the campaign system drop duplicates in at-least-once mode.
 */
public final class TriggerIds {
  private TriggerIds() {}

  public static String of(String journeyId, String recipient, String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, journeyId);
      update(sha, recipient);
      for (String p : parts) {
        update(sha, p);
      }
      byte[] digest = sha.digest();
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void update(MessageDigest sha, String s) {
    // A separator that cannot occur in ids keeps ("ab","c") and ("a","bc") apart.
    sha.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }
}
