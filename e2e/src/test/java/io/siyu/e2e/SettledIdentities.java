package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.siyu.generator.GeneratedRecord;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated history rewritten so that every person carries one identifier on every event: the
 * identifier their records resolve to in the end (their canonical id, see {@link
 * ReferenceProfiles#canonicalIds}); {@code bind_member} records, which only link identifiers, are
 * left out. Journeys run per canonical id as resolved when each event arrives, so a merge in the
 * middle of an open journey makes its outcome depend on arrival order (a documented limit); on a
 * settled history the job's trigger set is exactly defined, which is what an end-to-end test of
 * journeys and their exactly-once delivery needs.
 */
final class SettledIdentities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SettledIdentities() {}

  static List<GeneratedRecord> rewrite(List<GeneratedRecord> records, PhoneHasher hasher) {
    try {
      Map<String, String> canonical = ReferenceProfiles.canonicalIds(records, hasher);
      Map<String, String> rawPhones = new HashMap<>();
      for (GeneratedRecord r : records) {
        if (r.valid()) {
          JsonNode e = JSON.readTree(r.value());
          rememberPhone(e.get("ids"), hasher, rawPhones);
          rememberPhone(e.get("referrer_ids"), hasher, rawPhones);
        }
      }
      List<GeneratedRecord> out = new ArrayList<>(records.size());
      for (GeneratedRecord r : records) {
        if (!r.valid()) {
          out.add(r);
          continue;
        }
        ObjectNode e = (ObjectNode) JSON.readTree(r.value());
        if (e.has("type") && e.get("type").asText().equals("bind_member")) {
          continue;
        }
        e.set("ids", settled(e.get("ids"), hasher, canonical, rawPhones));
        JsonNode referrer = e.get("referrer_ids");
        if (referrer != null && referrer.isObject() && referrer.size() > 0) {
          e.set("referrer_ids", settled(referrer, hasher, canonical, rawPhones));
        }
        out.add(
            new GeneratedRecord(
                r.stream(),
                r.topic(),
                r.key(),
                JSON.writeValueAsBytes(e),
                r.kafkaTimestamp(),
                r.eventId(),
                r.expectedReason(),
                r.duplicate()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void rememberPhone(JsonNode ids, PhoneHasher hasher, Map<String, String> out) {
    if (ids != null && ids.hasNonNull("phone") && !ids.get("phone").asText().isEmpty()) {
      String raw = ids.get("phone").asText();
      out.put("p:" + hasher.hash(raw), raw);
    }
  }

  /** An ids object holding only the person's canonical identifier. */
  private static ObjectNode settled(
      JsonNode ids, PhoneHasher hasher, Map<String, String> canonical, Map<String, String> phones) {
    String id = canonical.get(ReferenceProfiles.key(ids, hasher));
    ObjectNode out = JSON.createObjectNode();
    String value = id.substring(2);
    switch (id.charAt(0)) {
      case 'm' -> out.put("member_id", value);
      case 'u' -> out.put("union_id", value);
      case 'o' -> out.put("open_id", value);
      default -> out.put("phone", phones.get(id));
    }
    return out;
  }
}
