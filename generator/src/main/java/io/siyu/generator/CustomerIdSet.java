package io.siyu.generator;

/**
 * The identifiers a record carries for one person ({@code ids} or {@code referrer_ids}); any may be
 * null. Which ones appear depends on the channel: WeChat channels know the open id, stores and
 * marketplaces know the phone or the member number.
 */
record CustomerIdSet(String memberId, String unionId, String openId, String phone) {

  /** The partitioning key: the most stable identifier present, or null if none. */
  String key() {
    if (memberId != null) {
      return memberId;
    }
    if (unionId != null) {
      return unionId;
    }
    if (openId != null) {
      return openId;
    }
    return phone;
  }

  int count() {
    return (memberId == null ? 0 : 1)
        + (unionId == null ? 0 : 1)
        + (openId == null ? 0 : 1)
        + (phone == null ? 0 : 1);
  }
}
