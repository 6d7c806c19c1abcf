package io.siyu.jobs.profile;

/**
 * A customer's behavioural tags. {@code preferredChannel}, {@code preferredCategory} and {@code
 * guideId} are null when unknown. {@code collectorProgress} lists the card campaigns the customer
 * collects in, as {@code campaign:collected/total} joined by commas (null for none).
 */
public record CustomerTags(
    boolean highValue,
    boolean promotionSensitive,
    String preferredChannel,
    String preferredCategory,
    boolean omnichannel,
    boolean scanEnthusiast,
    String guideId,
    boolean koc,
    String collectorProgress) {

  public static final CustomerTags NONE =
      new CustomerTags(false, false, null, null, false, false, null, false, null);
}
