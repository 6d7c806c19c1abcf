package io.siyu.e2e;

import io.siyu.jobs.records.Ingested;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Test only: the production deserializer, with one topic read slower — every {@code every}-th
 * record of {@code slowTopic} (per source subtask) sleeps {@code sleepMillis} before it is parsed.
 * Records and their order within a partition are untouched; only how the topics interleave changes.
 */
final class SlowTopicDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
  private static final long serialVersionUID = 1L;

  private final KafkaRecordDeserializationSchema<Ingested> inner;
  private final String slowTopic;
  private final int every;
  private final long sleepMillis;
  private transient long seen;

  SlowTopicDeserializer(
      KafkaRecordDeserializationSchema<Ingested> inner,
      String slowTopic,
      int every,
      long sleepMillis) {
    if (every < 1 || sleepMillis < 0) {
      throw new IllegalArgumentException("every >= 1 and sleepMillis >= 0");
    }
    this.inner = inner;
    this.slowTopic = slowTopic;
    this.every = every;
    this.sleepMillis = sleepMillis;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) throws Exception {
    inner.open(context);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out)
      throws IOException {
    if (record.topic().equals(slowTopic) && ++seen % every == 0) {
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while slowing " + slowTopic, e);
      }
    }
    inner.deserialize(record, out);
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return inner.getProducedType();
  }
}
