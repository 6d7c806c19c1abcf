package io.siyu.udf;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces phone numbers inside free text (for example the raw payload of a rejected record) by
 * their hash, so that dead letters and logs can be kept without holding personal data.
 */
public final class PhoneRedactor implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Chinese mobile numbers, optionally with +86 / 0086 / 86 and common separators. */
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![0-9])(?:\\+?86[ -]?|0086[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9])");

  private final PhoneHasher hasher;

  public PhoneRedactor(PhoneHasher hasher) {
    this.hasher = hasher;
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = PHONE.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      m.appendReplacement(out, "phone#" + hasher.hash(m.group()));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }
}
