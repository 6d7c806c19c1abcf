package io.siyu.jobs.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.siyu.jobs.records.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter to the dead-letter topic as JSON, keyed by its source coordinates ({@code
 * topic/partition/offset}) so that a consumer can drop the duplicates an at-least-once delivery may
 * produce after a restart.
 */
public final class DeadLetterKafkaSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final String topic;

  public DeadLetterKafkaSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter d, KafkaSinkContext context, Long timestamp) {
    byte[] key =
        (d.sourceTopic() + "/" + d.sourcePartition() + "/" + d.sourceOffset())
            .getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(
        topic, null, d.kafkaTimestamp() >= 0 ? d.kafkaTimestamp() : null, key, toJson(d));
  }

  public static byte[] toJson(DeadLetter d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + d.payload().length());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("source_topic", d.sourceTopic());
      g.writeNumberField("source_partition", d.sourcePartition());
      g.writeNumberField("source_offset", d.sourceOffset());
      g.writeNumberField("kafka_ts", d.kafkaTimestamp());
      g.writeStringField("reason", d.reason().name());
      g.writeStringField("detail", d.detail());
      g.writeNumberField("payload_bytes", d.payloadBytes());
      g.writeStringField("payload", d.payload());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
