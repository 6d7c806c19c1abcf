package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the campaign-trigger topic as the campaign system does: {@code isolation.level=
 * read_committed}, so exactly-once triggers appear only once their checkpoint has committed. Each
 * record comes back as its JSON and the wall-clock time it was read.
 */
public final class TriggerTopic implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A trigger as read: its JSON and when this reader saw it (epoch millis). */
  public record Read(JsonNode trigger, long readAt) {
    public String triggerId() {
      return trigger.get("trigger_id").asText();
    }
  }

  private final KafkaConsumer<String, String> consumer;

  public TriggerTopic(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Whatever committed triggers arrive within {@code timeout}. */
  public List<Read> poll(Duration timeout) {
    List<Read> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
      long now = System.currentTimeMillis();
      try {
        out.add(new Read(JSON.readTree(r.value()), now));
      } catch (IOException e) {
        throw new UncheckedIOException("not a trigger: " + r.value(), e);
      }
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
