package io.siyu.udf;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a phone number into a salted, keyed hash (HMAC-SHA256, first 128 bits as hex), so the same
 * person matches across channels while the number itself is never stored or logged.
 *
 * <p>A plain SHA-256 of a phone number is reversible by enumerating the ~10^10 mobile numbers; the
 * secret salt (the HMAC key) is what makes the hash safe to store. The salt is read from the
 * environment variable {@value #SALT_ENV} or from the file named by {@value #SALT_FILE_ENV}; it
 * must never be committed.
 */
public final class PhoneHasher implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String SALT_ENV = "SIYU_PHONE_SALT";
  public static final String SALT_FILE_ENV = "SIYU_PHONE_SALT_FILE";
  private static final int MIN_SALT_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] salt;
  // Mac is not thread-safe and not serializable: one per thread, created lazily after shipping.
  private transient ThreadLocal<Mac> mac;

  public PhoneHasher(byte[] salt) {
    if (salt == null || salt.length < MIN_SALT_BYTES) {
      throw new IllegalArgumentException(
          "The phone salt must be at least "
              + MIN_SALT_BYTES
              + " bytes; set "
              + SALT_ENV
              + " or "
              + SALT_FILE_ENV
              + " to a long random secret");
    }
    this.salt = salt.clone();
  }

  /** Reads the salt from the environment, failing with a message that says what to set. */
  public static PhoneHasher fromEnvironment(Map<String, String> env) {
    String inline = env.get(SALT_ENV);
    if (inline != null && !inline.isBlank()) {
      return new PhoneHasher(inline.trim().getBytes(StandardCharsets.UTF_8));
    }
    String file = env.get(SALT_FILE_ENV);
    if (file != null && !file.isBlank()) {
      try {
        return new PhoneHasher(
            Files.readString(Path.of(file)).trim().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(
            "Cannot read the phone salt file " + file + " named by " + SALT_FILE_ENV, e);
      }
    }
    throw new IllegalStateException(
        "No phone salt: set "
            + SALT_ENV
            + " (a long random secret) or "
            + SALT_FILE_ENV
            + " (a file holding it). Phone numbers are hashed with it before anything is stored.");
  }

  /**
   * Normalizes (digits only, Chinese country code dropped) and hashes a phone number. Returns null
   * for null or digit-less input, so callers can treat "no phone" uniformly.
   */
  public String hash(String phone) {
    String digits = normalize(phone);
    if (digits == null) {
      return null;
    }
    byte[] full = mac().doFinal(digits.getBytes(StandardCharsets.US_ASCII));
    return HEX.formatHex(full, 0, 16);
  }

  static String normalize(String phone) {
    if (phone == null) {
      return null;
    }
    StringBuilder digits = new StringBuilder(phone.length());
    for (int i = 0; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    if (digits.length() == 0) {
      return null;
    }
    // +86 138..., 0086 138... and 138... are one person.
    if (digits.length() == 15 && digits.indexOf("0086") == 0) {
      digits.delete(0, 4);
    } else if (digits.length() == 13 && digits.indexOf("86") == 0) {
      digits.delete(0, 2);
    }
    return digits.toString();
  }

  private Mac mac() {
    if (mac == null) {
      mac = ThreadLocal.withInitial(this::newMac);
    }
    Mac m = mac.get();
    m.reset();
    return m;
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(salt, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
