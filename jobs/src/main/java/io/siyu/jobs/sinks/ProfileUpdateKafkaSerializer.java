package io.siyu.jobs.sinks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.siyu.jobs.profile.ProfileUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The profile changelog ({@code customer-profile-updates}): one JSON object per change, keyed by
 * customer so a compacted topic keeps the latest; consumers keep the highest {@code version} per
 * customer, which also makes at-least-once delivery safe. Money in yuan, times epoch millis (0 =
 * never).
 */
public final class ProfileUpdateKafkaSerializer
    implements KafkaRecordSerializationSchema<ProfileUpdate> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final String topic;

  public ProfileUpdateKafkaSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      ProfileUpdate p, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic, null, p.updatedAt(), p.customerKey().getBytes(StandardCharsets.UTF_8), toJson(p));
  }

  public static byte[] toJson(ProfileUpdate p) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("customer_key", p.customerKey());
      g.writeNumberField("version", p.version());
      g.writeNumberField("updated_at", p.updatedAt());
      g.writeStringField("stage", p.stage().name());
      g.writeNumberField("stage_since", p.stageSince());
      g.writeNumberField("first_seen", p.firstSeen());
      g.writeNumberField("first_purchase_at", Math.max(0, p.firstPurchaseTs()));
      g.writeNumberField("last_purchase_at", Math.max(0, p.lastPurchaseTs()));
      g.writeNumberField("lifetime_orders", p.lifetimeOrders());
      g.writeNumberField("lifetime_net", java.math.BigDecimal.valueOf(p.lifetimeNetFen(), 2));
      g.writeNumberField("window_orders", p.windowOrders());
      g.writeNumberField("window_net", java.math.BigDecimal.valueOf(p.windowNetFen(), 2));
      g.writeObjectFieldStart("rfm");
      g.writeNumberField("recency", p.rfmRecency());
      g.writeNumberField("frequency", p.rfmFrequency());
      g.writeNumberField("monetary", p.rfmMonetary());
      g.writeStringField("segment", p.segment().name());
      g.writeEndObject();
      g.writeObjectFieldStart("tags");
      g.writeBooleanField("high_value", p.tags().highValue());
      g.writeBooleanField("promotion_sensitive", p.tags().promotionSensitive());
      g.writeStringField("preferred_channel", p.tags().preferredChannel());
      g.writeStringField("preferred_category", p.tags().preferredCategory());
      g.writeBooleanField("omnichannel", p.tags().omnichannel());
      g.writeBooleanField("scan_enthusiast", p.tags().scanEnthusiast());
      g.writeStringField("guide_id", p.tags().guideId());
      g.writeBooleanField("koc", p.tags().koc());
      g.writeStringField("collector_progress", p.tags().collectorProgress());
      g.writeEndObject();
      g.writeObjectFieldStart("social");
      g.writeNumberField("invites_accepted", p.invitesAccepted());
      g.writeNumberField("invitees_bought", p.inviteesBought());
      g.writeNumberField("fission_depth", p.fissionDepth());
      g.writeEndObject();
      g.writeObjectFieldStart("clv");
      g.writeNumberField("historical", java.math.BigDecimal.valueOf(p.lifetimeNetFen(), 2));
      g.writeNumberField("predicted", java.math.BigDecimal.valueOf(p.predictedClvFen(), 2));
      g.writeEndObject();
      g.writeStringField("merged_into", p.mergedInto());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
