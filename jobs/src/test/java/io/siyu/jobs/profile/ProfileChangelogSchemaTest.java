package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.DAY;
import static io.siyu.jobs.profile.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.siyu.jobs.JsonSchemas;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.sinks.ProfileUpdateKafkaSerializer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The changelog records the job writes match the published schema
 * (schemas/customer-profile-update.schema.json): every update of a short history with orders,
 * cards, referrals and a merge, including the closing record of the absorbed customer.
 */
class ProfileChangelogSchemaTest extends ProfileHarness {
  @Test
  void everyUpdateMatchesTheSchema() throws Exception {
    send(Events.interactionBy(InteractionType.FOLLOW, T0, "o:w1"));
    send(Events.scanCard("M1", T0 + 1, "cny2026-xnkl", "新"));
    send(Events.paidBy("o1", T0 + DAY, 10_000, "o:w1"));
    send(Events.inviteAccept("m:I1", "m:M1", T0 + 2 * DAY));
    send(Events.bind(T0 + 3 * DAY, "m:M1", "o:w1"));
    watermark(T0 + 100 * DAY);

    Schema schema = JsonSchemas.load("customer-profile-update.schema.json");
    ObjectMapper json = new ObjectMapper();
    List<ProfileUpdate> updates = h.extractOutputValues();
    assertTrue(updates.stream().anyMatch(u -> u.mergedInto() != null), "a closing record");
    assertTrue(updates.stream().anyMatch(u -> u.tags().collectorProgress() != null));
    for (ProfileUpdate u : updates) {
      String text = new String(ProfileUpdateKafkaSerializer.toJson(u), "UTF-8");
      assertEquals(List.of(), schema.validate(json.readTree(text)), text);
    }
  }
}
