package io.siyu.jobs.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.siyu.jobs.JsonSchemas;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.sinks.TriggerKafkaSerializer;
import org.junit.jupiter.api.Test;

/** What the trigger topic gets matches schemas/campaign-trigger.schema.json. */
class TriggerSchemaTest {
  private static Schema schema() {
    return JsonSchemas.load("campaign-trigger.schema.json");
  }

  @Test
  void aReferralRewardAndATimeoutMatchTheSchema() throws Exception {
    Schema schema = schema();
    JourneyTrigger referral =
        new JourneyTrigger(
            TriggerIds.of("referral-reward", "m:r1", "e1|e2"),
            "referral-reward",
            "m:r1",
            "o:invitee",
            2_000L,
            JourneyTrigger.CAUSE_EVENT,
            "e1",
            1_000L,
            null,
            null,
            "O-1",
            new CustomerIds("r1", null, null, null),
            "referral-reward",
            "wechat_oa",
            null,
            0,
            true,
            JourneyTrigger.SENT,
            null,
            2_000L + 7 * 86_400_000L);
    JourneyTrigger cart =
        new JourneyTrigger(
            TriggerIds.of("cart-abandoned", "m:a", "e9"),
            "cart-abandoned",
            "m:a",
            "m:a",
            7_201_000L,
            JourneyTrigger.CAUSE_TIMEOUT,
            "e9",
            1_000L,
            "SKU-1",
            null,
            null,
            null,
            "cart-reminder",
            "wecom",
            "G7",
            2,
            false,
            JourneyTrigger.SENT,
            null,
            7_201_000L + 7 * 86_400_000L);
    ObjectMapper json = new ObjectMapper();
    for (JourneyTrigger t : new JourneyTrigger[] {referral, cart}) {
      JsonNode node = json.readTree(TriggerKafkaSerializer.toJson(t));
      assertEquals(java.util.List.of(), schema.validate(node), node.toString());
    }
    JsonNode r = json.readTree(TriggerKafkaSerializer.toJson(referral));
    assertEquals("o:invitee", r.at("/context/subject_id").asText());
    assertEquals("r1", r.at("/context/referrer_ids/member_id").asText());
    assertTrue(r.at("/trigger_id").asText().matches("[0-9a-f]{32}"));
  }
}
