package io.siyu.jobs.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.siyu.jobs.bi.ScanAlert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The scan-alert topic ({@code scan-alerts}): one JSON object per alert, keyed by its alert_id
 * (deterministic, so a consumer can also drop repeats), Kafka timestamp = the scan's time.
 */
public final class ScanAlertKafkaSerializer implements KafkaRecordSerializationSchema<ScanAlert> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  /** {@code schema_version} of the JSON written. */
  public static final int SCHEMA_VERSION = 1;

  private final String topic;

  public ScanAlertKafkaSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      ScanAlert a, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic, null, a.ts, a.alertId.getBytes(StandardCharsets.UTF_8), toJson(a));
  }

  public static byte[] toJson(ScanAlert a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(384);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", SCHEMA_VERSION);
      g.writeStringField("alert_id", a.alertId);
      g.writeStringField("kind", a.kind);
      g.writeStringField("code", a.code);
      optional(g, "batch_id", a.batchId);
      optional(g, "sku", a.sku);
      optional(g, "campaign_id", a.campaignId);
      optional(g, "issued_region", a.issuedRegion);
      optional(g, "scan_region", a.scanRegion);
      optional(g, "store_id", a.storeId);
      g.writeStringField("customer_id", a.customer);
      g.writeNumberField("scanners", a.scanners);
      g.writeStringField("event_id", a.eventId);
      g.writeNumberField("ts", a.ts);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }
}
