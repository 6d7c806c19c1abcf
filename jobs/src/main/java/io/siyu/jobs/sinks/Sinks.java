package io.siyu.jobs.sinks;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.IdentityLink;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.profile.ProfileUpdate;
import io.siyu.jobs.profile.TagChange;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The production sinks, built from configuration. */
public final class Sinks {
  private Sinks() {}

  public static ClickHouseSink<CustomerEvent> events(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new EventsTable(config.zone()));
  }

  public static ClickHouseSink<DeadLetter> deadLetterTable(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new DeadLettersTable());
  }

  public static ClickHouseSink<ProfileUpdate> profiles(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new ProfileTable());
  }

  public static ClickHouseSink<IdentityLink> identityMap(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new IdentityMapTable());
  }

  public static ClickHouseSink<LifecycleTransition> transitions(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new TransitionsTable(config.zone()));
  }

  public static ClickHouseSink<TagChange> tagChanges(JobConfig config) {
    return new ClickHouseSink<>(config.clickhouse(), new TagChangesTable(config.zone()));
  }

  /** At-least-once; consumers keep the highest version per customer (see the serializer). */
  public static KafkaSink<ProfileUpdate> profileChangelog(JobConfig config) {
    return KafkaSink.<ProfileUpdate>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setKafkaProducerConfig(config.kafka().clientProperties())
        .setRecordSerializer(
            new ProfileUpdateKafkaSerializer(config.kafka().topics().profileUpdates()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /**
   * At-least-once: dead letters are for people and repair jobs, which can drop duplicates by the
   * record key (source coordinates); they need no transaction latency.
   */
  public static KafkaSink<DeadLetter> deadLetterTopic(JobConfig config) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setKafkaProducerConfig(config.kafka().clientProperties())
        .setRecordSerializer(new DeadLetterKafkaSerializer(config.kafka().topics().deadLetters()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
