package io.siyu.jobs.records;

/**
 * The identifiers an event carries for its customer. At least one is present. The phone is held
 * only as its salted hash: the raw number never leaves the parser.
 */
public record CustomerIds(String memberId, String unionId, String openId, String phoneHash) {

  public boolean isEmpty() {
    return memberId == null && unionId == null && openId == null && phoneHash == null;
  }

  /** How many identifiers are present; an event with two or more links them (OneID). */
  public int count() {
    return (memberId == null ? 0 : 1)
        + (unionId == null ? 0 : 1)
        + (openId == null ? 0 : 1)
        + (phoneHash == null ? 0 : 1);
  }
}
