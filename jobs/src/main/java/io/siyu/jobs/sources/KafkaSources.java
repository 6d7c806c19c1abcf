package io.siyu.jobs.sources;

import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.KafkaConfig;
import io.siyu.jobs.ingest.DeadLetterFactory;
import io.siyu.jobs.ingest.EventParser;
import io.siyu.jobs.ingest.IngestDeserializer;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.records.StreamKind;
import io.siyu.jobs.time.EventTimeGate;
import io.siyu.udf.PhoneHasher;
import io.siyu.udf.PhoneRedactor;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The production Kafka source of the three input topics, and its event-time watermarks. */
public final class KafkaSources {
  private KafkaSources() {}

  /** Topic name → stream, as configured. */
  public static Map<String, StreamKind> topicKinds(KafkaConfig kafka) {
    return Map.of(
        kafka.topics().scan(), StreamKind.SCAN,
        kafka.topics().purchase(), StreamKind.PURCHASE,
        kafka.topics().interaction(), StreamKind.INTERACTION);
  }

  public static IngestDeserializer deserializer(JobConfig config, PhoneHasher phoneHasher) {
    return new IngestDeserializer(
        topicKinds(config.kafka()),
        new EventParser(config.validation(), phoneHasher),
        new DeadLetterFactory(
            new PhoneRedactor(phoneHasher), config.validation().deadLetterPayloadChars()));
  }

  /**
   * One source over the three topics, so each record is parsed once, in the source, whatever
   * pipelines consume it. In bounded (replay) mode it stops at the offsets present at start.
   */
  public static KafkaSource<Ingested> ingest(JobConfig config, PhoneHasher phoneHasher) {
    return ingest(config, deserializer(config, phoneHasher));
  }

  /**
   * {@link #ingest(JobConfig, PhoneHasher)} with another deserializer — the same topics, starting
   * offsets, bounds and client settings. For tests that wrap {@link #deserializer} (e.g. to read
   * one topic slower); production uses the other overload.
   */
  public static KafkaSource<Ingested> ingest(
      JobConfig config, KafkaRecordDeserializationSchema<Ingested> deserializer) {
    KafkaConfig kafka = config.kafka();
    KafkaSourceBuilder<Ingested> builder =
        KafkaSource.<Ingested>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setGroupId(kafka.groupId())
            .setTopics(
                kafka.topics().scan(), kafka.topics().purchase(), kafka.topics().interaction())
            .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
            .setDeserializer(deserializer)
            .setProperties(kafka.clientProperties())
            // Offsets are committed to Kafka on checkpoints: for monitoring lag only, the
            // checkpoint holds the truth.
            .setProperty("commit.offsets.on.checkpoint", "true");
    if (kafka.bounded()) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /**
   * Per-partition watermarks. A live job lets a quiet partition stop holding them back
   * (idle-timeout); a replay does not, since a partition there is only quiet when it was read
   * faster, and letting it go would make how far event time gets depend on read speed.
   */
  public static WatermarkStrategy<Ingested> watermarks(JobConfig config) {
    WatermarkStrategy<Ingested> strategy =
        WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(
                config.watermarks().maxOutOfOrderness())
            .withTimestampAssigner(new IngestedTimestamps());
    return config.kafka().bounded()
        ? strategy
        : strategy.withIdleness(config.watermarks().idleTimeout());
  }

  /** Lateness per partition and the end of a bounded input (README "Event time"). */
  public static EventTimeGate gate(JobConfig config) {
    return new EventTimeGate(
        config.watermarks().maxOutOfOrderness().toMillis(), config.kafka().bounded());
  }

  private static OffsetsInitializer startingOffsets(KafkaConfig.StartingOffsets start) {
    return switch (start) {
      case EARLIEST -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }
}
