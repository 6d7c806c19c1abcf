package io.siyu.e2e;

import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.generator.GeneratedRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The input topics read back from Kafka, for the references that model event time per partition.
 */
final class InputTopics {
  private InputTopics() {}

  /**
   * Every record of the input topics with its partition and offset, read back from Kafka; whether
   * the job must accept it comes from the generator's record with the same bytes (a re-send has the
   * bytes of its original, and is valid like it). {@code topics}: scan, purchase, interaction.
   */
  static List<Input> read(String bootstrapServers, GeneratedHistory history, String[] topics) {
    Map<ByteBuffer, Boolean> valid = new HashMap<>();
    for (GeneratedRecord r : history.records()) {
      Boolean before = valid.put(ByteBuffer.wrap(r.value()), r.valid());
      if (before != null && before != r.valid()) {
        throw new IllegalStateException("the same bytes valid and invalid: " + r);
      }
    }
    Map<String, String> streams = new HashMap<>();
    for (int i = 0; i < topics.length; i++) {
      streams.put(topics[i], ReferenceProfiles.STREAMS.get(i));
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<Input> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read the input topics back");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Boolean ok = valid.get(ByteBuffer.wrap(r.value()));
          if (ok == null) {
            throw new IllegalStateException("a record the generator did not write: " + r);
          }
          out.add(new Input(streams.get(r.topic()), r.partition(), r.offset(), r.value(), ok));
        }
      }
    }
    if (out.size() != history.records().size()) {
      throw new IllegalStateException(
          "read back " + out.size() + " records of " + history.records().size());
    }
    return out;
  }
}
