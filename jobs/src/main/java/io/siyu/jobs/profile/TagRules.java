package io.siyu.jobs.profile;

import io.siyu.jobs.config.CampaignConfig;
import io.siyu.jobs.config.ProfileConfig.TagsConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** Computes the tags from a customer's history and lists what changed. Pure. */
public final class TagRules implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final List<Tag> TAGS =
      List.of(
          new Tag("high_value", t -> flag(t.highValue())),
          new Tag("promotion_sensitive", t -> flag(t.promotionSensitive())),
          new Tag("preferred_channel", CustomerTags::preferredChannel),
          new Tag("preferred_category", CustomerTags::preferredCategory),
          new Tag("omnichannel", t -> flag(t.omnichannel())),
          new Tag("scan_enthusiast", t -> flag(t.scanEnthusiast())),
          new Tag("guide_bound", CustomerTags::guideId),
          new Tag("koc", t -> flag(t.koc())),
          new Tag("collector_progress", CustomerTags::collectorProgress));

  private final TagsConfig config;

  /** Card campaigns by id, sorted, so that the progress text is stable. */
  private final TreeMap<String, Integer> cardsPerCampaign = new TreeMap<>();

  public TagRules(TagsConfig config, Map<String, CampaignConfig> campaigns) {
    this.config = config;
    campaigns.forEach(
        (id, c) -> {
          if (!c.cards().isEmpty()) {
            cardsPerCampaign.put(id, c.cards().size());
          }
        });
  }

  public CustomerTags evaluate(MemberHistory h) {
    return new CustomerTags(
        h.windowNetFen() >= config.highValueYuan() * 100,
        h.lifetimeOrders >= config.promotionMinOrders()
            && h.couponOrders >= config.promotionShare() * h.lifetimeOrders,
        h.channels.top(),
        h.categories.top(),
        h.boughtOnline && h.boughtInStore,
        h.scans >= config.scanEnthusiastScans(),
        h.guideId,
        h.inviteesBought >= config.kocInviteesBought(),
        collectorProgress(h));
  }

  /** {@code campaign:collected/total} for every card campaign with at least one card collected. */
  private String collectorProgress(MemberHistory h) {
    if (h.cardCampaigns.length == 0) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    cardsPerCampaign.forEach(
        (campaign, total) -> {
          int collected = Integer.bitCount(h.cardMask(campaign));
          if (collected > 0) {
            sb.append(sb.isEmpty() ? "" : ",").append(campaign).append(':');
            sb.append(collected).append('/').append(total);
          }
        });
    return sb.isEmpty() ? null : sb.toString();
  }

  /** The changes from {@code before} to {@code after}, one per tag that differs. */
  public static void diff(
      String key, CustomerTags before, CustomerTags after, long at, List<TagChange> out) {
    for (Tag tag : TAGS) {
      String from = tag.value.apply(before);
      String to = tag.value.apply(after);
      if (!Objects.equals(from, to)) {
        out.add(new TagChange(key, tag.name, text(from), text(to), at));
      }
    }
  }

  private static String flag(boolean on) {
    return on ? "true" : null;
  }

  private static String text(String v) {
    return v == null ? "" : v;
  }

  private record Tag(String name, Function<CustomerTags, String> value) {}
}
