package io.siyu.jobs.ingest;

import static io.siyu.jobs.TestFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetterReason;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.LineItem;
import io.siyu.jobs.records.PurchaseStatus;
import io.siyu.jobs.records.RewardType;
import io.siyu.jobs.records.StreamKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
  private static final long TS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long KAFKA_TS = TS + 5_000;
  private static final String HEAD =
      "\"schema_version\":1,\"event_id\":\"e1\",\"ts\":" + TS + ",\"channel\":\"mini_program\",";
  private static final String IDS = "\"ids\":{\"open_id\":\"o1\"},";

  private final EventParser parser =
      new EventParser(TestFixtures.validation(), TestFixtures.HASHER);

  private CustomerEvent parse(StreamKind kind, String json) throws InvalidEventException {
    return parser.parse(kind, utf8(json), KAFKA_TS);
  }

  private DeadLetterReason reject(StreamKind kind, String json) {
    return assertThrows(InvalidEventException.class, () -> parse(kind, json)).reason();
  }

  @Test
  void parsesAScanWithItsReward() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.SCAN,
            "{"
                + HEAD
                + IDS
                + "\"store_id\":\"S1\",\"code\":\"C123\",\"sku\":\"SKU1\",\"batch_id\":\"B7\","
                + "\"campaign_id\":\"cny\",\"issued_region\":\"GD\",\"scan_region\":\"ZJ\","
                + "\"reward\":{\"type\":\"red_packet\",\"amount\":1.88,\"card\":null}}");
    assertEquals(StreamKind.SCAN, e.kind());
    assertEquals("e1", e.header().eventId());
    assertEquals(TS, e.header().ts());
    assertEquals("o1", e.header().ids().openId());
    assertEquals("S1", e.header().storeId());
    assertEquals("C123", e.scan().code());
    assertEquals("GD", e.scan().issuedRegion());
    assertEquals("ZJ", e.scan().scanRegion());
    assertEquals(RewardType.RED_PACKET, e.scan().reward().type());
    assertEquals(188, e.scan().reward().amountFen());
  }

  @Test
  void parsesAPurchaseWithItemsAndExactMoney() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.PURCHASE,
            "{"
                + HEAD
                + IDS
                + "\"order_id\":\"O1\",\"status\":\"paid\",\"amount\":129.9,\"discount\":10.1,"
                + "\"coupon_id\":\"CP1\",\"items\":[{\"sku\":\"A\",\"category\":\"yogurt\",\"qty\":2,"
                + "\"unit_price\":0.1},{\"sku\":\"B\",\"unit_price\":129.7}]}");
    assertEquals(PurchaseStatus.PAID, e.purchase().status());
    assertEquals(12990, e.purchase().amountFen());
    assertEquals(1010, e.purchase().discountFen());
    assertArrayEquals(
        new LineItem[] {new LineItem("A", "yogurt", 2, 10), new LineItem("B", null, 1, 12970)},
        e.purchase().items());
  }

  @Test
  void parsesAnInteractionWithReferrer() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.INTERACTION,
            "{"
                + HEAD
                + IDS
                + "\"type\":\"invite_accept\",\"campaign_id\":\"c\",\"referrer_ids\":{\"member_id\":42}}");
    assertEquals(InteractionType.INVITE_ACCEPT, e.interaction().type());
    assertEquals("42", e.interaction().referrerIds().memberId(), "numeric ids are read as text");
  }

  @Test
  void toleratesUnknownFieldsAndNewerSchemaVersions() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.INTERACTION,
            "{\"schema_version\":3,\"event_id\":\"e1\",\"ts\":"
                + TS
                + ",\"channel\":\"app\",\"ids\":{\"open_id\":\"o1\",\"future_id\":\"x\"},"
                + "\"type\":\"follow\",\"new_block\":{\"a\":[1,2,{\"b\":null}]},\"new_flag\":true}");
    assertEquals(3, e.header().schemaVersion());
    assertEquals(InteractionType.FOLLOW, e.interaction().type());
  }

  @Test
  void missingSchemaVersionMeansVersionOne() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.INTERACTION,
            "{\"event_id\":\"e1\",\"ts\":"
                + TS
                + ",\"channel\":\"app\","
                + IDS
                + "\"type\":\"follow\"}");
    assertEquals(1, e.header().schemaVersion());
  }

  @Test
  void hashesThePhoneAndNeverKeepsIt() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.INTERACTION,
            "{" + HEAD + "\"ids\":{\"phone\":\"+86 138-1234-5678\"},\"type\":\"follow\"}");
    String hash = e.header().ids().phoneHash();
    assertEquals(TestFixtures.HASHER.hash("13812345678"), hash, "normalized before hashing");
    assertEquals(32, hash.length());
    assertTrue(!e.toString().contains("5678"), "the record holds no trace of the number");
  }

  @Test
  void bindMemberCarriesTwoIds() throws Exception {
    CustomerEvent e =
        parse(
            StreamKind.INTERACTION,
            "{"
                + HEAD
                + "\"ids\":{\"open_id\":\"o1\",\"member_id\":\"m1\"},\"type\":\"bind_member\"}");
    assertEquals(2, e.header().ids().count());
    assertEquals(
        DeadLetterReason.MISSING_FIELD,
        reject(StreamKind.INTERACTION, "{" + HEAD + IDS + "\"type\":\"bind_member\"}"));
  }

  // Every kind of bad input the contract names, each on its own.
  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          MALFORMED_JSON | INTERACTION | not json at all
          MALFORMED_JSON | INTERACTION | {"event_id":"e1","ts":1767225600000,
          MALFORMED_JSON | INTERACTION | [1,2,3]
          MALFORMED_JSON | INTERACTION | {"event_id":"e1","ts":"yesterday","channel":"app","ids":{"open_id":"o"},"type":"follow"}
          MALFORMED_JSON | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":"o1","type":"follow"}
          MALFORMED_JSON | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"type":"follow"} {}
          MALFORMED_JSON | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":"12.5"}
          MISSING_FIELD  | INTERACTION | {"ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"type":"follow"}
          MISSING_FIELD  | INTERACTION | {"event_id":"e1","channel":"app","ids":{"open_id":"o"},"type":"follow"}
          MISSING_FIELD  | INTERACTION | {"event_id":"e1","ts":1767225600000,"ids":{"open_id":"o"},"type":"follow"}
          MISSING_FIELD  | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"}}
          MISSING_FIELD  | SCAN        | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"sku":"s"}
          MISSING_FIELD  | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"status":"paid","amount":1}
          MISSING_FIELD  | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","amount":1}
          MISSING_FIELD  | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid"}
          MISSING_FIELD  | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":1,"items":[{"qty":1,"unit_price":1}]}
          MISSING_FIELD  | INTERACTION | {"event_id":"","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"type":"follow"}
          NO_CUSTOMER_ID | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","type":"follow"}
          NO_CUSTOMER_ID | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{},"type":"follow"}
          NO_CUSTOMER_ID | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"","phone":"n/a"},"type":"follow"}
          UNKNOWN_TYPE   | INTERACTION | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"type":"teleport"}
          UNKNOWN_TYPE   | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"stolen","amount":1}
          UNKNOWN_TYPE   | SCAN        | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"code":"c","reward":{"type":"gold_bar"}}
          BAD_TIMESTAMP  | INTERACTION | {"event_id":"e1","ts":1000,"channel":"app","ids":{"open_id":"o"},"type":"follow"}
          BAD_TIMESTAMP  | INTERACTION | {"event_id":"e1","ts":1767312000000,"channel":"app","ids":{"open_id":"o"},"type":"follow"}
          BAD_AMOUNT     | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":-1}
          BAD_AMOUNT     | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":1000000000}
          BAD_AMOUNT     | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":1,"discount":-2}
          BAD_AMOUNT     | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":1,"items":[{"sku":"a","qty":0,"unit_price":1}]}
          BAD_AMOUNT     | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":1,"items":[{"sku":"a","qty":1,"unit_price":-1}]}
          BAD_AMOUNT     | PURCHASE    | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"order_id":"O","status":"paid","amount":1e400}
          BAD_AMOUNT     | SCAN        | {"event_id":"e1","ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"code":"c","reward":{"type":"red_packet","amount":-5}}
          BAD_VALUE      | INTERACTION | {"event_id":"e1","schema_version":0,"ts":1767225600000,"channel":"app","ids":{"open_id":"o"},"type":"follow"}
          BAD_VALUE      | INTERACTION | {"event_id":"e1","ts":99999999999999999999999,"channel":"app","ids":{"open_id":"o"},"type":"follow"}
          """)
  void rejectsBadInputWithTheRightReason(DeadLetterReason expected, StreamKind kind, String json) {
    assertEquals(expected, reject(kind, json));
  }

  @Test
  void rejectsEmptyRecordsAndTombstones() {
    assertEquals(DeadLetterReason.MALFORMED_JSON, reject(StreamKind.SCAN, ""));
    assertThrows(InvalidEventException.class, () -> parser.parse(StreamKind.SCAN, null, KAFKA_TS));
  }

  @Test
  void rejectsOversizedRecordsBeforeParsing() {
    int limit = TestFixtures.validation().maxRecordBytes();
    String big = "{" + HEAD + IDS + "\"type\":\"follow\",\"pad\":\"" + "x".repeat(limit) + "\"}";
    assertEquals(DeadLetterReason.OVERSIZED, reject(StreamKind.INTERACTION, big));
    String fits =
        "{" + HEAD + IDS + "\"type\":\"follow\",\"pad\":\"" + "x".repeat(limit - 200) + "\"}";
    assertEquals(StreamKind.INTERACTION, assertParses(StreamKind.INTERACTION, fits).kind());
  }

  @Test
  void rejectsDeepNestingEvenInUnknownFields() {
    int depth = TestFixtures.validation().maxNestingDepth();
    String deep =
        "{"
            + HEAD
            + IDS
            + "\"type\":\"follow\",\"x\":"
            + "[".repeat(depth)
            + "]".repeat(depth)
            + "}";
    assertEquals(DeadLetterReason.TOO_DEEP, reject(StreamKind.INTERACTION, deep));
    String ok =
        "{"
            + HEAD
            + IDS
            + "\"type\":\"follow\",\"x\":"
            + "[".repeat(depth - 2)
            + "]".repeat(depth - 2)
            + "}";
    assertEquals(StreamKind.INTERACTION, assertParses(StreamKind.INTERACTION, ok).kind());
  }

  @Test
  void acceptsEventsUpToTheFutureSkewAfterTheKafkaTimestamp() throws Exception {
    long skew = TestFixtures.validation().maxFutureSkew().toMillis();
    String atLimit =
        "{\"event_id\":\"e1\",\"ts\":"
            + (KAFKA_TS + skew)
            + ",\"channel\":\"app\","
            + IDS
            + "\"type\":\"follow\"}";
    assertEquals(KAFKA_TS + skew, parse(StreamKind.INTERACTION, atLimit).header().ts());
    String beyond = atLimit.replace("" + (KAFKA_TS + skew), "" + (KAFKA_TS + skew + 1));
    assertEquals(DeadLetterReason.BAD_TIMESTAMP, reject(StreamKind.INTERACTION, beyond));
    // Without a Kafka timestamp (e.g. files) only the lower bound applies.
    assertEquals(
        KAFKA_TS + skew + 1, parser.parse(StreamKind.INTERACTION, utf8(beyond), -1).header().ts());
  }

  @Test
  void reusesNoStateBetweenRecords() throws Exception {
    parse(
        StreamKind.SCAN,
        "{" + HEAD + IDS + "\"code\":\"C\",\"reward\":{\"type\":\"card\",\"card\":\"福\"}}");
    CustomerEvent next = parse(StreamKind.SCAN, "{" + HEAD + IDS + "\"code\":\"D\"}");
    assertEquals(RewardType.NONE, next.scan().reward().type());
    assertNull(next.scan().reward().card());
    assertNotEquals("C", next.scan().code());
  }

  private CustomerEvent assertParses(StreamKind kind, String json) {
    try {
      return parse(kind, json);
    } catch (InvalidEventException e) {
      throw new AssertionError("rejected: " + e.reason() + " " + e.getMessage());
    }
  }
}
