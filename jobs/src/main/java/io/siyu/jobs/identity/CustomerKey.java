package io.siyu.jobs.identity;

import io.siyu.jobs.records.CustomerIds;
import java.util.Arrays;

/**
 * Customer identifiers as one string each, prefixed by their kind so that a member id and an open
 * id with the same text never collide: {@code m:} member id, {@code u:} union id, {@code o:} open
 * id, {@code p:} phone hash. Kinds are ranked by how stable and business-meaningful they are; the
 * canonical id of a customer is their strongest identifier (the smallest text among equals), so it
 * does not depend on the order links were seen in and BI can join CRM member ids directly.
 */
public final class CustomerKey {
  private CustomerKey() {}

  /** The strongest identifier of {@code ids}: the key an event's own history lives under. */
  public static String of(CustomerIds ids) {
    if (ids.memberId() != null) {
      return "m:" + ids.memberId();
    }
    if (ids.unionId() != null) {
      return "u:" + ids.unionId();
    }
    if (ids.openId() != null) {
      return "o:" + ids.openId();
    }
    return "p:" + ids.phoneHash();
  }

  /** Every identifier of {@code ids}, strongest first. */
  public static String[] all(CustomerIds ids) {
    String[] out = new String[ids.count()];
    int n = 0;
    if (ids.memberId() != null) {
      out[n++] = "m:" + ids.memberId();
    }
    if (ids.unionId() != null) {
      out[n++] = "u:" + ids.unionId();
    }
    if (ids.openId() != null) {
      out[n++] = "o:" + ids.openId();
    }
    if (ids.phoneHash() != null) {
      out[n++] = "p:" + ids.phoneHash();
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** True if {@code a} is a stronger identifier than {@code b}. */
  public static boolean stronger(String a, String b) {
    int ra = rank(a);
    int rb = rank(b);
    return ra != rb ? ra < rb : a.compareTo(b) < 0;
  }

  private static int rank(String key) {
    return switch (key.charAt(0)) {
      case 'm' -> 0;
      case 'u' -> 1;
      case 'o' -> 2;
      default -> 3;
    };
  }
}
