package io.siyu.jobs.records;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The interaction types of the input contract; anything else is rejected as unknown. */
public enum InteractionType {
  FOLLOW,
  UNFOLLOW,
  PAGE_VIEW,
  ADD_TO_CART,
  SHARE,
  INVITE_ACCEPT,
  COUPON_CLAIM,
  COUPON_REDEEM,
  JOIN_GROUP,
  LIVE_VIEW,
  GUIDE_ADD,
  BIND_MEMBER;

  private static final Map<String, InteractionType> BY_WIRE_NAME = new HashMap<>();

  static {
    for (InteractionType t : values()) {
      BY_WIRE_NAME.put(t.wireName(), t);
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type for a wire name such as {@code add_to_cart}, or null if it is not one. */
  public static InteractionType fromWire(String name) {
    return BY_WIRE_NAME.get(name);
  }
}
