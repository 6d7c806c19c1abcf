package io.siyu.jobs.identity;

/** What a referral earns the inviter (social value): see {@link IdentityGraph}. */
public enum Credit {
  /** Someone accepted the customer's invitation. */
  INVITE_ACCEPTED,
  /** Someone the customer invited paid their first order. */
  INVITEE_BOUGHT,
  /** Someone joined {@code level} generations below the customer in the referral tree. */
  FISSION
}
