package io.siyu.jobs.profile;

/**
 * From an identifier's history to its customer's profile, keyed by {@code canonical}: either the
 * identifier's current {@code history} (after an event at {@code at}; {@code cause} is {@code
 * event}, {@code purchase}, {@code referral} or {@code merge}), or, with {@code history} null, news
 * that the identifier left this customer for {@code movedTo} (a merge).
 */
public record MemberUpdate(
    String canonical,
    String memberKey,
    MemberHistory history,
    long at,
    String cause,
    String movedTo) {

  static MemberUpdate of(String memberKey, MemberHistory history, long at, String cause) {
    return new MemberUpdate(history.canonical, memberKey, history.forProfile(), at, cause, null);
  }

  static MemberUpdate left(String canonical, String memberKey, String movedTo, long at) {
    return new MemberUpdate(canonical, memberKey, null, at, "merge", movedTo);
  }
}
