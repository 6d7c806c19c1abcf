package io.siyu.jobs.profile;

/**
 * From an identifier's history to its customer's profile, keyed by {@code canonical}: either the
 * identifier's current {@code history} (after an event at {@code at}; {@code cause} is {@code
 * event}, {@code purchase}, {@code referral} or {@code merge}), or, with {@code history} null, news
 * that the identifier left this customer for {@code movedTo} (a merge).
 *
 * <p>{@code at} is the record timestamp of the event that caused it (for an event late in its
 * partition, its partition's position); {@code seq} the number identity resolution gave that
 * message. A customer's updates come from several upstream subtasks; (at, seq) is the order they
 * were decided in, which the profile restores before applying them.
 */
public record MemberUpdate(
    String canonical,
    String memberKey,
    MemberHistory history,
    long at,
    String cause,
    String movedTo,
    long seq) {

  static MemberUpdate of(String memberKey, MemberHistory history, long at, String cause, long seq) {
    return new MemberUpdate(
        history.canonical, memberKey, history.forProfile(), at, cause, null, seq);
  }

  static MemberUpdate left(String canonical, String memberKey, String movedTo, long at, long seq) {
    return new MemberUpdate(canonical, memberKey, null, at, "merge", movedTo, seq);
  }

  /** Whether this update was decided before {@code other}. */
  boolean before(MemberUpdate other) {
    return at != other.at ? at < other.at : seq < other.seq;
  }
}
