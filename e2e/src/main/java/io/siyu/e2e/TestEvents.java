package io.siyu.e2e;

/**
 * Hand-written input records for the latency command and the end-to-end tests: the JSON of a valid
 * event of the input contract, member id only.
 */
public final class TestEvents {
  private TestEvents() {}

  /** The common fields: event id, time, channel mini_program, member id. */
  public static String common(String eventId, long ts, String member) {
    return "\"event_id\":\""
        + eventId
        + "\",\"ts\":"
        + ts
        + ",\"channel\":\"mini_program\",\"ids\":{\"member_id\":\""
        + member
        + "\"}";
  }

  /**
   * A record that changes no journey but moves its partition's watermark to {@code ts}: a scan
   * without reward, a zero refund or a page view, depending on the topic (scan, purchase or
   * interaction, by the end of its name).
   */
  public static String tick(String topic, String eventId, long ts) {
    String common = common(eventId, ts, "tick");
    return "{"
        + (topic.endsWith("scan")
            ? common + ",\"code\":\"TICK\""
            : topic.endsWith("purchase")
                ? common + ",\"order_id\":\"" + eventId + "\",\"status\":\"refunded\",\"amount\":0"
                : common + ",\"type\":\"page_view\"")
        + "}";
  }
}
