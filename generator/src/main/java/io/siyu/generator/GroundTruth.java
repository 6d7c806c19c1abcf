package io.siyu.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run produced, counted while generating, for tests to assert against: records per stream,
 * distinct valid events (duplicates excluded), duplicates, malformed records per dead-letter
 * reason, late records, business totals of the valid events (orders, GMV, refunds, scans,
 * diversion, members, invitations, ...) and the batch manifest (codes issued per batch, for scan
 * rates, also written as the code batches file, see {@link CodeBatches}). Optionally (when event
 * ids are tracked) the valid event ids per stream and the truth of the scan alerts: the diverted
 * scans and the codes scanned by more than one person. Written as {@code ground-truth.json} by the
 * writers and read back with {@link #read(Path)}.
 *
 * <p>Only valid, non-duplicate records count towards the business totals: that is what a correct
 * pipeline sees after dead-lettering and de-duplication.
 */
public final class GroundTruth {

  /** The interaction types of the contract, in the contract's order. */
  public static final List<String> INTERACTION_TYPES =
      List.of(
          "follow",
          "unfollow",
          "page_view",
          "add_to_cart",
          "share",
          "invite_accept",
          "coupon_claim",
          "coupon_redeem",
          "join_group",
          "live_view",
          "guide_add",
          "bind_member");

  /** The reward types of scans, in the contract's order. */
  public static final List<String> REWARD_TYPES = List.of("red_packet", "points", "card", "none");

  /** The channels purchases are made in. */
  public static final List<String> PURCHASE_CHANNELS =
      List.of("mini_program", "store_pos", "tmall", "jd", "douyin", "app");

  /**
   * One batch of coded items: the denominator of the scan rate. A row of the code batches file
   * ({@link CodeBatches}).
   *
   * @param issuedRegion the region the batch was shipped to: the {@code issued_region} of its scans
   *     and the {@code shipped_region} of the code batches file
   * @param shippedAt when the batch was shipped, before the history starts
   */
  public record BatchInfo(
      String batchId,
      String sku,
      String campaignId,
      String issuedRegion,
      long codesIssued,
      Instant shippedAt) {}

  /**
   * The first scan of a code by one person (see {@link #copiedCodes()}).
   *
   * @param person the simulated person (0-based index in the population); one person is one open
   *     id, which every scan carries
   * @param openId the {@code ids.open_id} of the scan
   * @param eventId the scan's event_id
   * @param ts the scan's event time ({@code ts}, may lag the Kafka timestamp by up to 10 minutes)
   * @param kafkaTimestamp the scan's Kafka timestamp (the simulated clock at emission)
   */
  public record CodeScan(int person, String openId, String eventId, long ts, long kafkaTimestamp) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> settings;
  private final List<BatchInfo> batches;
  private final boolean tracksEventIds;
  private long totalRecords;
  private final long[] records = new long[3];
  private final long[] valid = new long[3];
  private final long[] duplicates = new long[3];
  private final long[] malformedInStream = new long[3];
  private final long[] malformedByReason = new long[RejectReason.values().length];
  private long outOfOrder;
  private long firstKafkaTimestamp = -1;
  private long lastKafkaTimestamp = -1;
  private long minValidTs = Long.MAX_VALUE;
  private long maxValidTs = Long.MIN_VALUE;
  private final Map<String, Long> business = new LinkedHashMap<>();
  private final Map<String, Long> interactionsByType = zeros(INTERACTION_TYPES);
  private final Map<String, Long> scansByRewardType = zeros(REWARD_TYPES);
  private final Map<String, Long> paidOrdersByChannel = zeros(PURCHASE_CHANNELS);
  private final List<Set<String>> validEventIds = new ArrayList<>(3);

  // Scan alerts, only when event ids are tracked.
  private final Set<String> divertedScanIds;
  private final Map<String, List<CodeScan>> copiedCodes;

  /** Every code scanned so far → its first scan: how a second person on a code is noticed. */
  private final Map<String, CodeScan> firstScans;

  /** The persons of each code in {@link #copiedCodes}, to count each person once. */
  private final Map<String, Set<Integer>> copiedCodePersons;

  GroundTruth(GeneratorConfig config, Catalog catalog, boolean trackEventIds) {
    this.tracksEventIds = trackEventIds;
    this.settings = new LinkedHashMap<>();
    settings.put("seed", config.seed());
    settings.put("customers", (long) config.customers());
    settings.put("events", config.events());
    settings.put("start", Instant.ofEpochMilli(config.startTime()).toString());
    settings.put("span_millis", config.span().toMillis());
    settings.put("malformed_share", config.malformedShare());
    settings.put("out_of_order_share", config.outOfOrderShare());
    settings.put("duplicate_share", config.duplicateShare());
    settings.put("topic_scan", config.scanTopic());
    settings.put("topic_purchase", config.purchaseTopic());
    settings.put("topic_interaction", config.interactionTopic());
    this.batches = batchInfos(catalog);
    for (String key : BUSINESS_KEYS) {
      business.put(key, 0L);
    }
    for (int i = 0; i < 3; i++) {
      validEventIds.add(trackEventIds ? new LinkedHashSet<>() : null);
    }
    this.divertedScanIds = trackEventIds ? new LinkedHashSet<>() : null;
    this.copiedCodes = trackEventIds ? new LinkedHashMap<>() : null;
    this.firstScans = trackEventIds ? new HashMap<>() : null;
    this.copiedCodePersons = trackEventIds ? new HashMap<>() : null;
  }

  private GroundTruth(Map<String, Object> settings, List<BatchInfo> batches, boolean ids) {
    this.settings = settings;
    this.batches = batches;
    this.tracksEventIds = ids;
    for (int i = 0; i < 3; i++) {
      validEventIds.add(ids ? new LinkedHashSet<>() : null);
    }
    this.divertedScanIds = ids ? new LinkedHashSet<>() : null;
    this.copiedCodes = ids ? new LinkedHashMap<>() : null;
    // A ground truth read back is complete: it accumulates nothing more.
    this.firstScans = null;
    this.copiedCodePersons = null;
  }

  /** The batches of a catalog, in its order. */
  static List<BatchInfo> batchInfos(Catalog catalog) {
    List<BatchInfo> bs = new ArrayList<>(catalog.batches.length);
    for (Catalog.Batch b : catalog.batches) {
      bs.add(
          new BatchInfo(
              b.id,
              Catalog.PRODUCTS[b.product].sku(),
              Catalog.CAMPAIGNS[b.campaign].id(),
              Catalog.REGIONS[b.region].name(),
              b.codesIssued,
              Instant.ofEpochMilli(b.shippedAt)));
    }
    return List.copyOf(bs);
  }

  private static final List<String> BUSINESS_KEYS =
      List.of(
          "customers_seen",
          "customer_identities",
          "buyers",
          "members_bound",
          "invites_accepted",
          "invitees_who_bought",
          "orders_paid",
          "orders_refunded",
          "orders_with_coupon",
          "paid_amount_fen",
          "refunded_amount_fen",
          "discount_fen",
          "items_sold",
          "codes_scanned",
          "scans_repeat",
          "scans_fake_code",
          "scans_diverted",
          "collections_completed");

  // ---- accumulation (called by EventGenerator) -------------------------------------------

  void onValid(GeneratedRecord r, EventDraft d, boolean late) {
    int s = onRecord(r);
    valid[s]++;
    if (late) {
      outOfOrder++;
    }
    minValidTs = Math.min(minValidTs, d.ts);
    maxValidTs = Math.max(maxValidTs, d.ts);
    if (tracksEventIds) {
      validEventIds.get(s).add(r.eventId());
    }
    if (d.firstEventOfCustomer) {
      add("customers_seen", 1);
    }
    add("customer_identities", d.actor.linkIds(d.ids));
    switch (d.stream) {
      case Streams.SCAN -> {
        scansByRewardType.merge(d.rewardType, 1L, Long::sum);
        add("codes_scanned", d.firstScanOfCode ? 1 : 0);
        add("scans_repeat", d.repeatScan ? 1 : 0);
        add("scans_fake_code", d.fakeCode ? 1 : 0);
        // issued_region is always the region of the code's batch (Simulation.fillCode), so this
        // is exactly "scan_region differs from the batch's shipped region": diversion, copied
        // codes scanned away from their batch's region and repeat scans of a diverted item.
        // The same test fills divertedScanEventIds(): its size equals this total.
        boolean diverted = !d.issuedRegion.equals(d.scanRegion);
        add("scans_diverted", diverted ? 1 : 0);
        add("collections_completed", d.completesCollection ? 1 : 0);
        if (tracksEventIds) {
          if (diverted) {
            divertedScanIds.add(r.eventId());
          }
          onCodeScanned(r, d);
        }
      }
      case Streams.PURCHASE -> {
        if (d.status.equals("paid")) {
          add("orders_paid", 1);
          add("paid_amount_fen", d.amountFen);
          paidOrdersByChannel.merge(d.channel, 1L, Long::sum);
          if (d.couponId != null) {
            add("orders_with_coupon", 1);
            add("discount_fen", d.discountFen);
          }
          for (EventDraft.Item i : d.items) {
            add("items_sold", i.qty());
          }
          add("buyers", d.firstPaidOfCustomer ? 1 : 0);
          add("invitees_who_bought", d.inviteeFirstPurchase ? 1 : 0);
        } else {
          add("orders_refunded", 1);
          add("refunded_amount_fen", d.amountFen);
        }
      }
      default -> {
        interactionsByType.merge(d.type, 1L, Long::sum);
        if (d.type.equals("bind_member")) {
          add("members_bound", 1);
        } else if (d.type.equals("invite_accept")) {
          add("invites_accepted", 1);
        }
      }
    }
  }

  /**
   * Notes who scanned a code. Every scanned code keeps its first scan; a code becomes "copied" when
   * a second person scans it, and from then on each further new person is appended. Only the
   * counterfeit codes are shared by construction, but this does not rely on it.
   */
  private void onCodeScanned(GeneratedRecord r, EventDraft d) {
    CodeScan scan =
        new CodeScan(d.actor.index, d.ids.openId(), r.eventId(), d.ts, r.kafkaTimestamp());
    CodeScan first = firstScans.putIfAbsent(d.code, scan);
    if (first == null || first.person() == scan.person()) {
      return;
    }
    Set<Integer> persons = copiedCodePersons.get(d.code);
    if (persons == null) {
      persons = new HashSet<>();
      persons.add(first.person());
      copiedCodePersons.put(d.code, persons);
      List<CodeScan> scans = new ArrayList<>();
      scans.add(first);
      copiedCodes.put(d.code, scans);
    }
    if (persons.add(scan.person())) {
      copiedCodes.get(d.code).add(scan);
    }
  }

  void onDuplicate(GeneratedRecord r) {
    duplicates[onRecord(r)]++;
  }

  void onMalformed(GeneratedRecord r, RejectReason reason) {
    malformedInStream[onRecord(r)]++;
    malformedByReason[reason.ordinal()]++;
  }

  private int onRecord(GeneratedRecord r) {
    int s = Streams.index(r.stream());
    totalRecords++;
    records[s]++;
    if (firstKafkaTimestamp < 0) {
      firstKafkaTimestamp = r.kafkaTimestamp();
    }
    lastKafkaTimestamp = r.kafkaTimestamp();
    return s;
  }

  private void add(String key, long n) {
    if (n != 0) {
      business.merge(key, n, Long::sum);
    }
  }

  // ---- queries ---------------------------------------------------------------------------

  /** All records produced: valid, duplicates and malformed. */
  public long totalRecords() {
    return totalRecords;
  }

  /** All records of a stream (valid, duplicate and malformed). */
  public long records(String stream) {
    return records[Streams.index(stream)];
  }

  /** Distinct valid events of a stream: what the parser accepts, after de-duplication. */
  public long validEvents(String stream) {
    return valid[Streams.index(stream)];
  }

  /** Distinct valid events over all streams. */
  public long validEvents() {
    return valid[0] + valid[1] + valid[2];
  }

  /** Re-sent copies of valid events (accepted by the parser, dropped by de-duplication). */
  public long duplicates() {
    return duplicates[0] + duplicates[1] + duplicates[2];
  }

  public long duplicates(String stream) {
    return duplicates[Streams.index(stream)];
  }

  /** Records the parser must dead-letter. */
  public long malformed() {
    long sum = 0;
    for (long n : malformedByReason) {
      sum += n;
    }
    return sum;
  }

  public long malformed(RejectReason reason) {
    return malformedByReason[reason.ordinal()];
  }

  public long malformedInStream(String stream) {
    return malformedInStream[Streams.index(stream)];
  }

  /** Malformed records per reason name, every reason present (zero if none). */
  public Map<String, Long> malformedByReason() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (RejectReason r : RejectReason.values()) {
      m.put(r.name(), malformedByReason[r.ordinal()]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Valid records whose ts lags their Kafka timestamp (by at most 10 minutes). */
  public long outOfOrder() {
    return outOfOrder;
  }

  public long firstKafkaTimestamp() {
    return firstKafkaTimestamp;
  }

  public long lastKafkaTimestamp() {
    return lastKafkaTimestamp;
  }

  /** The smallest ts of a valid event (Long.MAX_VALUE if none). */
  public long minValidTs() {
    return minValidTs;
  }

  /** The largest ts of a valid event (Long.MIN_VALUE if none). */
  public long maxValidTs() {
    return maxValidTs;
  }

  /**
   * Business totals over distinct valid events: customers_seen (people with an event),
   * customer_identities (distinct customers a OneID resolver finds when it links the ids that
   * appear together in one event; at least customers_seen), buyers, members_bound,
   * invites_accepted, invitees_who_bought, orders_paid, orders_refunded, orders_with_coupon,
   * paid_amount_fen, refunded_amount_fen, discount_fen, items_sold, codes_scanned, scans_repeat,
   * scans_fake_code, scans_diverted, collections_completed.
   */
  public Map<String, Long> business() {
    return Collections.unmodifiableMap(business);
  }

  /** One business total by name (see {@link #business()}). */
  public long business(String key) {
    Long v = business.get(key);
    if (v == null) {
      throw new IllegalArgumentException("unknown business total " + key);
    }
    return v;
  }

  public Map<String, Long> interactionsByType() {
    return Collections.unmodifiableMap(interactionsByType);
  }

  public Map<String, Long> scansByRewardType() {
    return Collections.unmodifiableMap(scansByRewardType);
  }

  public Map<String, Long> paidOrdersByChannel() {
    return Collections.unmodifiableMap(paidOrdersByChannel);
  }

  /** Every batch of coded items with the number of codes issued. */
  public List<BatchInfo> batches() {
    return batches;
  }

  /** The generator settings of the run (seed, customers, events, start, shares, topics). */
  public Map<String, Object> settings() {
    return Collections.unmodifiableMap(settings);
  }

  /** Whether the valid event ids were recorded (see {@link EventGenerator}). */
  public boolean tracksEventIds() {
    return tracksEventIds;
  }

  /** The ids of the distinct valid events of a stream, in generation order. */
  public Set<String> validEventIds(String stream) {
    requireEventIds();
    return Collections.unmodifiableSet(validEventIds.get(Streams.index(stream)));
  }

  /**
   * The event ids of the distinct valid scans whose {@code scan_region} differs from the region
   * their code's batch was shipped to ({@code issued_region}, the {@code shipped_region} of the
   * code batches file), in generation order: diverted items (窜货), copied codes scanned away from
   * their batch's region and repeat scans of a diverted item. Malformed records and re-sent
   * duplicates are not in it. Its size is {@code business("scans_diverted")}.
   *
   * @throws IllegalStateException if event ids were not tracked for this run
   */
  public Set<String> divertedScanEventIds() {
    requireEventIds();
    return Collections.unmodifiableSet(divertedScanIds);
  }

  /**
   * Every code scanned by more than one person (in valid, non-duplicate scans) → the first scan of
   * it by each person, in emission order (Kafka timestamp; {@code ts} may be out of order by up to
   * 10 minutes). A person's later scans of the same code are not listed. Codes come in the order
   * they got their second person. With the generator's model these are counterfeit codes only.
   *
   * @throws IllegalStateException if event ids were not tracked for this run
   */
  public Map<String, List<CodeScan>> copiedCodes() {
    requireEventIds();
    Map<String, List<CodeScan>> copy = new LinkedHashMap<>();
    copiedCodes.forEach((code, scans) -> copy.put(code, List.copyOf(scans)));
    return Collections.unmodifiableMap(copy);
  }

  /** Writes the code batches file (see {@link CodeBatches}) of this run. */
  public void writeBatches(Path file) throws IOException {
    CodeBatches.write(batches, file);
  }

  private void requireEventIds() {
    if (!tracksEventIds) {
      throw new IllegalStateException("event ids were not tracked for this run");
    }
  }

  // ---- JSON ------------------------------------------------------------------------------

  /** The ground truth as pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toTree());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #toJson()} to a file, creating parent directories. */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), toTree());
  }

  public static GroundTruth read(Path file) throws IOException {
    return fromTree(JSON.readTree(file.toFile()));
  }

  public static GroundTruth fromJson(String json) throws IOException {
    return fromTree(JSON.readTree(json));
  }

  private ObjectNode toTree() {
    ObjectNode root = JSON.createObjectNode();
    root.set("generator", JSON.valueToTree(settings));
    root.put("total_records", totalRecords);
    root.set("records_per_stream", perStream(records));
    root.put("valid_events", validEvents());
    root.set("valid_events_per_stream", perStream(valid));
    root.put("duplicates", duplicates());
    root.set("duplicates_per_stream", perStream(duplicates));
    root.put("malformed", malformed());
    root.set("malformed_per_stream", perStream(malformedInStream));
    root.set("malformed_per_reason", JSON.valueToTree(malformedByReason()));
    root.put("out_of_order", outOfOrder);
    ObjectNode time = root.putObject("time");
    time.put("first_kafka_timestamp", firstKafkaTimestamp);
    time.put("last_kafka_timestamp", lastKafkaTimestamp);
    time.put("min_valid_ts", validEvents() == 0 ? -1 : minValidTs);
    time.put("max_valid_ts", validEvents() == 0 ? -1 : maxValidTs);
    root.set("business", JSON.valueToTree(business));
    root.set("interactions_by_type", JSON.valueToTree(interactionsByType));
    root.set("scans_by_reward_type", JSON.valueToTree(scansByRewardType));
    root.set("paid_orders_by_channel", JSON.valueToTree(paidOrdersByChannel));
    ArrayNode bs = root.putArray("batches");
    for (BatchInfo b : batches) {
      bs.addObject()
          .put("batch_id", b.batchId())
          .put("sku", b.sku())
          .put("campaign_id", b.campaignId())
          .put("issued_region", b.issuedRegion())
          .put("codes_issued", b.codesIssued())
          .put("shipped_at", b.shippedAt().toString());
    }
    if (tracksEventIds) {
      ObjectNode ids = root.putObject("valid_event_ids");
      for (String stream : Streams.ALL) {
        ArrayNode a = ids.putArray(stream);
        for (String id : validEventIds.get(Streams.index(stream))) {
          a.add(id);
        }
      }
      ArrayNode diverted = root.putArray("diverted_scan_event_ids");
      divertedScanIds.forEach(diverted::add);
      ObjectNode copied = root.putObject("copied_codes");
      for (Map.Entry<String, List<CodeScan>> e : copiedCodes.entrySet()) {
        ArrayNode scans = copied.putArray(e.getKey());
        for (CodeScan c : e.getValue()) {
          scans
              .addObject()
              .put("person", c.person())
              .put("open_id", c.openId())
              .put("event_id", c.eventId())
              .put("ts", c.ts())
              .put("kafka_timestamp", c.kafkaTimestamp());
        }
      }
    }
    return root;
  }

  private static ObjectNode perStream(long[] counts) {
    ObjectNode n = JSON.createObjectNode();
    for (String stream : Streams.ALL) {
      n.put(stream, counts[Streams.index(stream)]);
    }
    return n;
  }

  private static GroundTruth fromTree(JsonNode root) {
    Map<String, Object> settings = new LinkedHashMap<>();
    root.path("generator")
        .fields()
        .forEachRemaining(
            e ->
                settings.put(
                    e.getKey(),
                    e.getValue().isTextual()
                        ? e.getValue().asText()
                        : e.getValue().isIntegralNumber()
                            ? (Object) e.getValue().asLong()
                            : (Object) e.getValue().asDouble()));
    List<BatchInfo> batches = new ArrayList<>();
    for (JsonNode b : root.path("batches")) {
      batches.add(
          new BatchInfo(
              b.path("batch_id").asText(),
              b.path("sku").asText(),
              b.path("campaign_id").asText(),
              b.path("issued_region").asText(),
              b.path("codes_issued").asLong(),
              b.hasNonNull("shipped_at") ? Instant.parse(b.get("shipped_at").asText()) : null));
    }
    JsonNode idsNode = root.get("valid_event_ids");
    GroundTruth t = new GroundTruth(settings, List.copyOf(batches), idsNode != null);
    t.totalRecords = root.path("total_records").asLong();
    for (String stream : Streams.ALL) {
      int s = Streams.index(stream);
      t.records[s] = root.path("records_per_stream").path(stream).asLong();
      t.valid[s] = root.path("valid_events_per_stream").path(stream).asLong();
      t.duplicates[s] = root.path("duplicates_per_stream").path(stream).asLong();
      t.malformedInStream[s] = root.path("malformed_per_stream").path(stream).asLong();
      if (idsNode != null) {
        for (JsonNode id : idsNode.path(stream)) {
          t.validEventIds.get(s).add(id.asText());
        }
      }
    }
    for (RejectReason r : RejectReason.values()) {
      t.malformedByReason[r.ordinal()] = root.path("malformed_per_reason").path(r.name()).asLong();
    }
    if (idsNode != null) {
      for (JsonNode id : root.path("diverted_scan_event_ids")) {
        t.divertedScanIds.add(id.asText());
      }
      Iterator<Map.Entry<String, JsonNode>> codes = root.path("copied_codes").fields();
      while (codes.hasNext()) {
        Map.Entry<String, JsonNode> e = codes.next();
        List<CodeScan> scans = new ArrayList<>();
        for (JsonNode c : e.getValue()) {
          scans.add(
              new CodeScan(
                  c.path("person").asInt(),
                  c.path("open_id").asText(),
                  c.path("event_id").asText(),
                  c.path("ts").asLong(),
                  c.path("kafka_timestamp").asLong()));
        }
        t.copiedCodes.put(e.getKey(), scans);
      }
    }
    t.outOfOrder = root.path("out_of_order").asLong();
    JsonNode time = root.path("time");
    t.firstKafkaTimestamp = time.path("first_kafka_timestamp").asLong(-1);
    t.lastKafkaTimestamp = time.path("last_kafka_timestamp").asLong(-1);
    long min = time.path("min_valid_ts").asLong(-1);
    long max = time.path("max_valid_ts").asLong(-1);
    t.minValidTs = min < 0 ? Long.MAX_VALUE : min;
    t.maxValidTs = max < 0 ? Long.MIN_VALUE : max;
    readCounts(root.path("business"), t.business);
    readCounts(root.path("interactions_by_type"), t.interactionsByType);
    readCounts(root.path("scans_by_reward_type"), t.scansByRewardType);
    readCounts(root.path("paid_orders_by_channel"), t.paidOrdersByChannel);
    return t;
  }

  private static void readCounts(JsonNode node, Map<String, Long> into) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      into.put(e.getKey(), e.getValue().asLong());
    }
  }

  private static Map<String, Long> zeros(List<String> keys) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String k : keys) {
      m.put(k, 0L);
    }
    return m;
  }
}
