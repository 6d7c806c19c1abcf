package io.siyu.generator;

/**
 * Deterministic identifier strings: WeChat-like open/union ids, member numbers and Chinese mobile
 * numbers derived from the seed and a customer's index. Member numbers and phones are bijections of
 * the index, so two customers never share one (a shared phone would merge two people).
 */
final class Ids {
  private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final char[] BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
  private static final String[] MOBILE_PREFIXES = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "157", "158", "159", "166", "176", "177", "180", "181", "182", "183", "185", "186", "187",
    "188", "189", "191", "198", "199"
  };
  private static final long PHONE_SPACE = 100_000_000L;
  private static final long MEMBER_SPACE = 9_000_000_000L;

  /** Phones and member numbers are unique up to this many customers. */
  static final int MAX_CUSTOMERS = 50_000_000;

  private Ids() {}

  /** SplitMix64's finaliser: a well-mixed 64-bit hash of {@code z}. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** {@code n} Crockford base-32 digits of the low bits of {@code v}. */
  static String base32(long v, int n) {
    char[] c = new char[n];
    for (int i = n - 1; i >= 0; i--) {
      c[i] = BASE32[(int) (v & 31)];
      v >>>= 5;
    }
    return new String(c);
  }

  /** A 28-character id starting with "o", the shape of a WeChat openid/unionid. */
  static String wechatId(long seed, int index, long salt) {
    char[] c = new char[28];
    c[0] = 'o';
    long h = mix(seed ^ mix(index * 0x9E3779B97F4A7C15L + salt));
    // 27 base64url characters = 162 bits: three 60-bit chunks of three chained hashes.
    for (int i = 1; i < 28; i++) {
      if ((i - 1) % 10 == 0) {
        h = mix(h + salt * 0x632BE59BD9B4E019L + i);
      }
      c[i] = BASE64URL[(int) ((h >>> (((i - 1) % 10) * 6)) & 63)];
    }
    return new String(c);
  }

  /** A Chinese mobile number, unique per index (for indexes below 10^8). */
  static String phone(long seed, int index) {
    long offset = Math.floorMod(mix(seed), PHONE_SPACE);
    // 48271 is coprime to 10^8, so index -> digits is a bijection.
    long digits = Math.floorMod(index * 48_271L + offset, PHONE_SPACE);
    String prefix = MOBILE_PREFIXES[(int) Math.floorMod(mix(seed ^ index), MOBILE_PREFIXES.length)];
    String d = Long.toString(digits);
    return prefix + "00000000".substring(d.length()) + d;
  }

  /** A ten-digit member number prefixed with "M", unique per index. */
  static String memberId(long seed, int index) {
    long offset = Math.floorMod(mix(seed + 1), MEMBER_SPACE);
    long n = 1_000_000_000L + Math.floorMod(index * 2_654_435_761L + offset, MEMBER_SPACE);
    return "M" + n;
  }

  /** A short tag of the seed, so event and order ids of different runs do not collide. */
  static String seedTag(long seed) {
    return base32(mix(seed ^ 0x5EEDL), 5).toLowerCase(java.util.Locale.ROOT);
  }

  /** An event id: stream prefix, seed tag and the record's sequence number, e.g. sc-3kf9a-1234. */
  static String eventId(String stream, String seedTag, long seq) {
    String prefix =
        switch (stream) {
          case Streams.SCAN -> "sc-";
          case Streams.PURCHASE -> "pu-";
          default -> "in-";
        };
    return prefix + seedTag + "-" + seq;
  }
}
