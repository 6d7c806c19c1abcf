package io.siyu.jobs.config;

import java.io.Serializable;
import java.util.Map;

/**
 * Kafka connection, topics and start position. {@code bounded: true} is the replay mode: read each
 * topic from {@code starting-offsets} up to the offsets present at start, then finish. Extra client
 * settings (security, SASL) go in {@code properties}; secrets there come from the environment via
 * {@code ${VAR}}.
 */
public record KafkaConfig(
    String bootstrapServers,
    String groupId,
    TopicsConfig topics,
    StartingOffsets startingOffsets,
    boolean bounded,
    Map<String, String> properties)
    implements Serializable {

  public enum StartingOffsets {
    EARLIEST,
    LATEST,
    COMMITTED
  }

  /** The three input topics, the dead-letter topic and the profile changelog. */
  public record TopicsConfig(
      String scan, String purchase, String interaction, String deadLetters, String profileUpdates)
      implements Serializable {}

  /** The extra client settings as Kafka client properties (for sources and sinks alike). */
  public java.util.Properties clientProperties() {
    java.util.Properties props = new java.util.Properties();
    if (properties != null) {
      props.putAll(properties);
    }
    return props;
  }

  void validate() {
    ConfigException.require(
        bootstrapServers != null && !bootstrapServers.isBlank(),
        "kafka.bootstrap-servers",
        "must name at least one broker, e.g. localhost:9092");
    ConfigException.require(groupId != null && !groupId.isBlank(), "kafka.group-id", "must be set");
    ConfigException.require(topics != null, "kafka.topics", "section is missing");
    requireTopic(topics.scan(), "scan");
    requireTopic(topics.purchase(), "purchase");
    requireTopic(topics.interaction(), "interaction");
    requireTopic(topics.deadLetters(), "dead-letters");
    requireTopic(topics.profileUpdates(), "profile-updates");
    ConfigException.require(
        startingOffsets != null,
        "kafka.starting-offsets",
        "must be one of earliest, latest, committed");
  }

  private static void requireTopic(String topic, String name) {
    ConfigException.require(
        topic != null && topic.matches("[A-Za-z0-9._-]{1,249}"),
        "kafka.topics." + name,
        "'" + topic + "' is not a valid Kafka topic name");
  }
}
