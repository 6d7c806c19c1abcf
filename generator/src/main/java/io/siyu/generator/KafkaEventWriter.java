package io.siyu.generator;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records to Kafka with a {@code KafkaProducer<String, byte[]>}: acks=all and idempotence on
 * (a retry never duplicates; the only duplicates are the generator's deliberate ones), the record's
 * simulated Kafka timestamp set explicitly (the parser's future-ts check and event-time replays
 * depend on it), partitioned by the customer key. Optionally throttled to a wall-clock rate. A
 * failed send fails the run at the next write or flush.
 */
public final class KafkaEventWriter implements EventWriter {
  private final Producer<String, byte[]> producer;
  private final String description;
  private final double ratePerSecond;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final Callback callback =
      (metadata, e) -> {
        if (e == null) {
          acked.incrementAndGet();
        } else {
          failed.incrementAndGet();
          firstError.compareAndSet(null, e);
        }
      };
  private long sent;
  private long startNanos = -1;

  /**
   * @param ratePerSecond records per wall-clock second, 0 for as fast as possible
   */
  public KafkaEventWriter(String bootstrapServers, double ratePerSecond) {
    this(new KafkaProducer<>(producerConfig(bootstrapServers)), ratePerSecond, bootstrapServers);
  }

  /** With an existing producer, e.g. a {@code MockProducer} in tests. */
  public KafkaEventWriter(Producer<String, byte[]> producer, double ratePerSecond, String name) {
    if (!(ratePerSecond >= 0)) {
      throw new IllegalArgumentException("ratePerSecond must be >= 0");
    }
    this.producer = producer;
    this.ratePerSecond = ratePerSecond;
    this.description = "kafka " + name;
  }

  /** The producer settings used by {@link #KafkaEventWriter(String, double)}. */
  public static Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    c.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // Oversized test records are ~64-100 KB; the default 1 MiB request limit fits them.
    c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024);
    c.put(ProducerConfig.CLIENT_ID_CONFIG, "siyu-generator");
    return c;
  }

  @Override
  public void write(GeneratedRecord r) throws IOException {
    failIfBroken();
    throttle();
    producer.send(
        new ProducerRecord<>(r.topic(), null, r.kafkaTimestamp(), r.key(), r.value()), callback);
    sent++;
  }

  private void throttle() {
    if (ratePerSecond <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (startNanos < 0) {
      startNanos = now;
    }
    long due = startNanos + (long) (sent * 1e9 / ratePerSecond);
    while (now < due) {
      LockSupport.parkNanos(due - now);
      now = System.nanoTime();
    }
  }

  @Override
  public void flush() throws IOException {
    producer.flush();
    failIfBroken();
  }

  private void failIfBroken() throws IOException {
    Exception e = firstError.get();
    if (e != null) {
      throw new IOException(failed.get() + " record(s) could not be sent to Kafka", e);
    }
  }

  /** Records acknowledged by the brokers so far. */
  public long acked() {
    return acked.get();
  }

  /** Records handed to the producer so far. */
  public long sent() {
    return sent;
  }

  @Override
  public String describe() {
    return description + " (" + acked.get() + " acked)";
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
