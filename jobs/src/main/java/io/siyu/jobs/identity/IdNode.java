package io.siyu.jobs.identity;

/**
 * What the identity graph stores per identifier (a Flink POJO, one RocksDB map entry). Every
 * identifier points straight at its customer's canonical id, so resolving is one lookup; the
 * canonical id's own node also lists all the customer's identifiers (to re-point them on a merge)
 * and the customer's place in the referral tree.
 */
public class IdNode {
  public String canonical;

  /** On the canonical id's node only: every identifier of the customer, the canonical first. */
  public String[] members;

  /** On the canonical id's node only: an identifier of whoever invited this customer, or null. */
  public String referrer;

  /** On the canonical id's node only: 0 if not invited, else the inviter's generation + 1. */
  public int generation;

  /** On the canonical id's node only: when the accepted invitation was accepted (event time). */
  public long invitedAt = Long.MIN_VALUE;

  /** On the canonical id's node only: the latest paid order seen (event time). */
  public long lastPaidAt = Long.MIN_VALUE;

  /** On the canonical id's node only: an invited customer's buying was credited to the inviter. */
  public boolean inviteeBought;

  public IdNode() {}

  static IdNode pointingAt(String canonical) {
    IdNode n = new IdNode();
    n.canonical = canonical;
    return n;
  }
}
