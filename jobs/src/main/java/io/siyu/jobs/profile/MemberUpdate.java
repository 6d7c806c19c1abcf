package io.siyu.jobs.profile;

import io.siyu.jobs.identity.IdentityMessage;

/**
 * From an identifier's history to its customer's profile, keyed by {@code canonical}: either the
 * identifier's current {@code history} (after an event at {@code at}; {@code cause} is {@code
 * event}, {@code purchase}, {@code referral} or {@code merge}), or, with {@code history} null, news
 * that the identifier left this customer for {@code movedTo} (a merge).
 *
 * <p>{@code at} is the record timestamp of the event that caused it (for an event late in its
 * partition, its partition's position); {@code eventId}, {@code stream} and {@code step} the place
 * of the identity message that caused it ({@link IdentityMessage#ORDER}). A customer's updates come
 * from several upstream subtasks; (at, eventId, stream, step) is the order they were decided in,
 * which the profile restores before applying them.
 */
public record MemberUpdate(
    String canonical,
    String memberKey,
    MemberHistory history,
    long at,
    String cause,
    String movedTo,
    String eventId,
    int stream,
    int step) {

  static MemberUpdate of(
      String memberKey, MemberHistory history, long at, String cause, IdentityMessage m) {
    return new MemberUpdate(
        history.canonical,
        memberKey,
        history.forProfile(),
        at,
        cause,
        null,
        m.eventId(),
        m.stream(),
        m.step());
  }

  static MemberUpdate left(
      String canonical, String memberKey, String movedTo, long at, IdentityMessage m) {
    return new MemberUpdate(
        canonical, memberKey, null, at, "merge", movedTo, m.eventId(), m.stream(), m.step());
  }

  /** Whether this update was decided before {@code other}. */
  boolean before(MemberUpdate other) {
    if (at != other.at) {
      return at < other.at;
    }
    int byEvent = eventId.compareTo(other.eventId);
    if (byEvent != 0) {
      return byEvent < 0;
    }
    return stream != other.stream ? stream < other.stream : step < other.step;
  }
}
