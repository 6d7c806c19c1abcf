package io.siyu.jobs.ingest;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetterReason;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.records.StreamKind;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into an {@link Ingested}: the parsed event, or a dead letter carrying the
 * record's topic, partition and offset. Never throws on bad input, so one bad record cannot stop
 * the job. Parsing here (in the source) lets watermarks be generated per Kafka partition.
 */
public final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
  private static final long serialVersionUID = 1L;

  private final Map<String, StreamKind> kindByTopic;
  private final EventParser parser;
  private final DeadLetterFactory deadLetters;

  public IngestDeserializer(
      Map<String, StreamKind> kindByTopic, EventParser parser, DeadLetterFactory deadLetters) {
    this.kindByTopic = Map.copyOf(kindByTopic);
    this.parser = parser;
    this.deadLetters = deadLetters;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
    out.collect(
        ingest(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.value()));
  }

  /** The whole decision for one record, without Kafka types, for tests and benchmarks. */
  public Ingested ingest(String topic, int partition, long offset, long kafkaTs, byte[] value) {
    StreamKind kind = kindByTopic.get(topic);
    try {
      if (kind == null) {
        // Only reachable if the source subscribes to a topic the config does not map.
        throw new InvalidEventException(
            DeadLetterReason.BAD_VALUE, "no stream configured for topic " + topic);
      }
      CustomerEvent event = parser.parse(kind, value, kafkaTs);
      return Ingested.valid(event, partition, offset);
    } catch (InvalidEventException e) {
      return Ingested.rejected(deadLetters.create(topic, partition, offset, kafkaTs, e, value));
    }
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return TypeInformation.of(Ingested.class);
  }
}
