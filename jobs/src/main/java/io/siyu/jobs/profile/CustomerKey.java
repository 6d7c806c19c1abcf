package io.siyu.jobs.profile;

import io.siyu.jobs.records.CustomerIds;

/**
 * The key a customer's state lives under until identity resolution (OneID) maps every id to one
 * canonical customer: the strongest id the event carries, prefixed by its kind so that a member id
 * and an open id with the same text never collide.
 */
public final class CustomerKey {
  private CustomerKey() {}

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
}
