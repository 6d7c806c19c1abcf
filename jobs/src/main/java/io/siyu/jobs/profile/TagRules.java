package io.siyu.jobs.profile;

import io.siyu.jobs.config.ProfileConfig.TagsConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Computes the tags from a profile's counters and lists what changed. Pure. */
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
          new Tag("guide_bound", CustomerTags::guideId));

  private final TagsConfig config;

  public TagRules(TagsConfig config) {
    this.config = config;
  }

  public CustomerTags evaluate(ProfileState s) {
    return new CustomerTags(
        s.windowNetFen() >= config.highValueYuan() * 100,
        s.lifetimeOrders >= config.promotionMinOrders()
            && s.couponOrders >= config.promotionShare() * s.lifetimeOrders,
        s.channels.top(),
        s.categories.top(),
        s.boughtOnline && s.boughtInStore,
        s.scans >= config.scanEnthusiastScans(),
        s.guideId);
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
