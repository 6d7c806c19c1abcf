package io.siyu.jobs.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.siyu.jobs.journey.JourneyTrigger;
import io.siyu.jobs.records.CustomerIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The trigger topic ({@code campaign-triggers}): one JSON object per sent trigger, as documented by
 * {@code schemas/campaign-trigger.schema.json}, keyed by the recipient's customer id (one
 * customer's triggers stay in order on one partition), with the Kafka timestamp = the firing's
 * event time. Absent context fields are omitted.
 */
public final class TriggerKafkaSerializer
    implements KafkaRecordSerializationSchema<JourneyTrigger> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  /** {@code schema_version} of the JSON written. */
  public static final int SCHEMA_VERSION = 1;

  private final String topic;

  public TriggerKafkaSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      JourneyTrigger t, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic, null, t.firedAt(), t.customerId().getBytes(StandardCharsets.UTF_8), toJson(t));
  }

  public static byte[] toJson(JourneyTrigger t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("schema_version", SCHEMA_VERSION);
      g.writeStringField("trigger_id", t.triggerId());
      g.writeStringField("journey", t.journeyId());
      g.writeStringField("customer_id", t.customerId());
      g.writeNumberField("fired_at", t.firedAt());
      g.writeStringField("cause", t.cause());
      g.writeObjectFieldStart("entry");
      g.writeStringField("event_id", t.entryEventId());
      g.writeNumberField("at", t.entryAt());
      g.writeEndObject();
      g.writeObjectFieldStart("context");
      optional(g, "subject_id", t.subjectId().equals(t.customerId()) ? null : t.subjectId());
      optional(g, "sku", t.sku());
      optional(g, "campaign_id", t.campaignId());
      optional(g, "order_id", t.orderId());
      CustomerIds r = t.referrerIds();
      if (r != null) {
        g.writeObjectFieldStart("referrer_ids");
        optional(g, "member_id", r.memberId());
        optional(g, "union_id", r.unionId());
        optional(g, "open_id", r.openId());
        optional(g, "phone_hash", r.phoneHash());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("action");
      g.writeStringField("template_id", t.templateId());
      g.writeStringField("channel", t.channel());
      g.writeEndObject();
      optional(g, "guide_id", t.guideId());
      g.writeNumberField("attribution_until", t.attributionUntil());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
