package io.siyu.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts a real in-process broker and runs a transactional round trip through it. */
class LocalKafkaTest {

  @TempDir Path dir;

  @Test
  void transactionalRecordIsReadBackByReadCommittedConsumer() throws Exception {
    long t0 = System.nanoTime();
    int port;
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      System.out.printf(
          "LocalKafka started in %d ms at %s%n",
          (System.nanoTime() - t0) / 1_000_000, kafka.bootstrapServers());
      port = kafka.brokerPort();

      kafka.createTopics(3, "events", "other");
      kafka.createTopics(3, "events"); // idempotent
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        assertEquals(
            3,
            admin
                .describeTopics(List.of("events"))
                .allTopicNames()
                .get()
                .get("events")
                .partitions()
                .size());
      }

      Properties producerProps = new Properties();
      producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "localstack-test-tx");
      producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      long tx0 = System.nanoTime();
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("events", "k1", "committed"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("events", "k2", "aborted"));
        producer.flush();
        producer.abortTransaction();
      }
      System.out.printf("transactions took %d ms%n", (System.nanoTime() - tx0) / 1_000_000);

      Properties consumerProps = new Properties();
      consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "localstack-test");
      consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      List<String> values = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
        consumer.subscribe(List.of("events"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            values.add(r.value());
          }
        }
        // Give an aborted record the chance to (wrongly) show up.
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
      assertEquals(List.of("committed"), values);
      long c0 = System.nanoTime();
      kafka.close();
      System.out.printf("LocalKafka closed in %d ms%n", (System.nanoTime() - c0) / 1_000_000);
    }
    assertFalse(isListening(port), "broker port still open after close()");
    assertTrue(dir.resolve("server.properties").toFile().isFile());
  }

  @Test
  void restartOnSameDirectoryKeepsTopicsAndRecords() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      kafka.createTopics(1, "kept");
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
        producer.send(new ProducerRecord<>("kept", "k", "v")).get();
      }
    }
    try (LocalKafka kafka = LocalKafka.start(dir)) {
      kafka.createTopics(1, "kept"); // exists already: no error
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
        TopicPartition tp = new TopicPartition("kept", 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
        }
        assertEquals(List.of("v"), values);
      }
    }
  }

  static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
