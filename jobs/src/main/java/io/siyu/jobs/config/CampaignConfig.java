package io.siyu.jobs.config;

import java.io.Serializable;
import java.util.List;

/**
 * A scan campaign as the business runs it: the character cards (集卡) a customer collects from the
 * codes' rewards. Read by the collector-progress tag and the "collection complete" journey. A
 * campaign without cards (points only) has an empty list.
 */
public record CampaignConfig(List<String> cards) implements Serializable {

  public CampaignConfig {
    cards = cards == null ? List.of() : List.copyOf(cards);
  }

  void validate(String id) {
    ConfigException.require(
        cards.stream().distinct().count() == cards.size(),
        "campaigns." + id + ".cards",
        "lists a card twice");
    ConfigException.require(
        cards.size() <= 32, "campaigns." + id + ".cards", "at most 32 cards per campaign");
  }
}
