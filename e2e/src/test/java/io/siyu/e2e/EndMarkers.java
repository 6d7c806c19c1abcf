package io.siyu.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End markers: one last valid record per partition at a known time, so that an unbounded job's
 * watermark reaches exactly {@code end - max-out-of-orderness - 1} and the tests know which
 * event-time firings must have happened.
 */
final class EndMarkers {
  private EndMarkers() {}

  /**
   * One valid record at time {@code end} on each of the {@code partitions} of every topic, from
   * customers {@code m:end-<topic>-<partition>}.
   */
  static void produce(String bootstrapServers, String[] topics, int partitions, long end)
      throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (String topic : topics) {
        for (int partition = 0; partition < partitions; partition++) {
          String id = "end-" + topic + "-" + partition;
          String common =
              "\"event_id\":\""
                  + id
                  + "\",\"ts\":"
                  + end
                  + ",\"channel\":\"app\","
                  + "\"ids\":{\"member_id\":\""
                  + id
                  + "\"}";
          String body =
              topic.endsWith("scan")
                  ? common + ",\"code\":\"END\""
                  : topic.endsWith("purchase")
                      ? common + ",\"order_id\":\"" + id + "\",\"status\":\"paid\",\"amount\":0"
                      : common + ",\"type\":\"page_view\"";
          producer
              .send(
                  new ProducerRecord<>(
                      topic,
                      partition,
                      end,
                      id,
                      ("{" + body + "}").getBytes(StandardCharsets.UTF_8)))
              .get();
        }
      }
    }
  }
}
