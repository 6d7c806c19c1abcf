package io.siyu.jobs.sinks;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetter;
import java.util.Properties;
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

  /**
   * At-least-once: dead letters are for people and repair jobs, which can drop duplicates by the
   * record key (source coordinates); they need no transaction latency.
   */
  public static KafkaSink<DeadLetter> deadLetterTopic(JobConfig config) {
    Properties props = new Properties();
    if (config.kafka().properties() != null) {
      props.putAll(config.kafka().properties());
    }
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(config.kafka().bootstrapServers())
        .setKafkaProducerConfig(props)
        .setRecordSerializer(new DeadLetterKafkaSerializer(config.kafka().topics().deadLetters()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
