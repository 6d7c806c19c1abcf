package io.siyu.jobs.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The journeys section of the main configuration: where the journey definitions are ({@code
 * definitions}, a file relative to the configuration file), how triggers are delivered, the daily
 * cap and the attribution window. {@link #list()} holds the definitions once {@link ConfigLoader}
 * has read them.
 *
 * @param definitions the journey file, relative to the configuration file's directory
 * @param delivery {@code exactly-once} (transactional; readable when a checkpoint completes) or
 *     {@code at-least-once} (readable at once; consumers drop duplicates by {@code trigger_id})
 * @param topic the trigger topic
 * @param transactionalIdPrefix prefix of the Kafka transactional ids (exactly-once); unique per job
 *     writing to the cluster
 * @param transactionTimeout Kafka {@code transaction.timeout.ms}: longer than a checkpoint plus a
 *     restart, at most the broker's {@code transaction.max.timeout.ms} (15 min by default)
 * @param dailyCap triggers sent per customer per business day, journeys marked exempt not counted
 * @param attributionWindow a purchase this long after a trigger is its conversion
 * @param contactChannels channels the campaign system can message through; the last of these a
 *     customer used is their preferred channel
 * @param defaultChannel the channel for {@code preferred} when a customer used none of them
 */
public record JourneysConfig(
    String definitions,
    Delivery delivery,
    String topic,
    String transactionalIdPrefix,
    Duration transactionTimeout,
    int dailyCap,
    Duration attributionWindow,
    List<String> contactChannels,
    String defaultChannel,
    @JsonIgnore List<JourneyDefinition> list)
    implements Serializable {

  /** How triggers reach the topic. */
  public enum Delivery {
    EXACTLY_ONCE,
    AT_LEAST_ONCE;

    @JsonCreator
    public static Delivery of(String text) {
      return JourneyDefinition.wire(Delivery.class, text);
    }
  }

  public JourneysConfig {
    contactChannels = contactChannels == null ? List.of() : List.copyOf(contactChannels);
    list = list == null ? List.of() : List.copyOf(list);
  }

  /** The same settings with these definitions. */
  public JourneysConfig withList(List<JourneyDefinition> journeys) {
    return new JourneysConfig(
        definitions,
        delivery,
        topic,
        transactionalIdPrefix,
        transactionTimeout,
        dailyCap,
        attributionWindow,
        contactChannels,
        defaultChannel,
        journeys);
  }

  /** The definition with this id, or null. */
  public JourneyDefinition journey(String id) {
    return list.stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
  }

  void validate(Set<String> campaigns) {
    ConfigException.require(
        definitions != null && !definitions.isBlank(),
        "journeys.definitions",
        "must name the journey file, e.g. journeys.yaml");
    ConfigException.require(
        delivery != null, "journeys.delivery", "must be exactly-once or at-least-once");
    ConfigException.require(
        topic != null && topic.matches("[A-Za-z0-9._-]{1,249}"),
        "journeys.topic",
        "'" + topic + "' is not a valid Kafka topic name");
    ConfigException.require(
        transactionalIdPrefix != null && !transactionalIdPrefix.isBlank(),
        "journeys.transactional-id-prefix",
        "must be set (unique per job writing to the cluster)");
    ConfigException.require(
        transactionTimeout != null
            && transactionTimeout.toMillis() >= 60_000
            && transactionTimeout.toMillis() <= Integer.MAX_VALUE,
        "journeys.transaction-timeout",
        "must be at least 1min (longer than a checkpoint plus a restart) and at most the"
            + " broker's transaction.max.timeout.ms");
    ConfigException.require(dailyCap >= 1, "journeys.daily-cap", "must be >= 1");
    ConfigException.require(
        attributionWindow != null && attributionWindow.toMillis() > 0,
        "journeys.attribution-window",
        "must be a positive duration such as 7d");
    ConfigException.require(
        !contactChannels.isEmpty(),
        "journeys.contact-channels",
        "must list at least one channel, e.g. [wecom, wechat_oa]");
    ConfigException.require(
        defaultChannel != null && !defaultChannel.isBlank(),
        "journeys.default-channel",
        "must be set");
    ConfigException.require(
        !list.isEmpty(), "journeys.definitions", "the file " + definitions + " has no journeys");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JourneyDefinition j = list.get(i);
      j.validate(i, campaigns);
      ConfigException.require(ids.add(j.id()), j.path("id"), "is used by two journeys");
    }
  }
}
