package io.siyu.jobs.profile;

/**
 * A customer's behavioural tags. {@code preferredChannel}, {@code preferredCategory} and {@code
 * guideId} are null when unknown.
 */
public record CustomerTags(
    boolean highValue,
    boolean promotionSensitive,
    String preferredChannel,
    String preferredCategory,
    boolean omnichannel,
    boolean scanEnthusiast,
    String guideId) {

  public static final CustomerTags NONE =
      new CustomerTags(false, false, null, null, false, false, null);
}
