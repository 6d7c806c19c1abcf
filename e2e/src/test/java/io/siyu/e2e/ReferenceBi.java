package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.siyu.e2e.ReferenceProfiles.Input;
import io.siyu.e2e.ReferenceProfiles.Placed;
import io.siyu.udf.PhoneHasher;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An independent computation, from the records of the input topics, of what every {@code bi_*} view
 * and the {@code scan_alerts} table must hold at the end of a bounded replay of the main job (issue
 * 9, the BI contract). Identity, event time and the applied order come from {@link
 * ReferenceProfiles} (its timeline and its {@link ReferenceProfiles.Observer}), the current
 * profiles from its result, the journey triggers from {@link ReferenceJourneys}; everything else is
 * computed here from the records as plain JSON trees. Nothing of the job's BI classes is used.
 *
 * <p>The rules, as the BI contract states them:
 *
 * <ol>
 *   <li><b>Facts.</b> The events the job applies (record time {@code at} &lt;= the final watermark
 *       W), in applied order (record time, event id, stream); an {@code event_id} counts once, at
 *       its first occurrence in that order (re-sends are dropped). Each fact's customer is the
 *       canonical id identity resolution gave its event at that moment.
 *   <li><b>Window time</b>: the event's own ts if {@code at - ts <= bi.allowed-lateness}, else
 *       {@code at}. Minute windows in UTC; day windows are business days in the configured zone.
 *   <li><b>The cut</b>: a bounded replay emits the windows changed by facts with {@code at < C},
 *       {@code C = floor(W / 60000) * 60000}; later facts are in no aggregate row.
 *   <li><b>Aggregates</b> (scan, sales, interaction, funnel stats) per window and key, each measure
 *       as the contract defines it: distinct customers are distinct canonical ids at the time; a
 *       first scan is the first fact ever of its code; a first-time buyer order is the first paid
 *       fact of its canonical id; a scan is diverted when its issued region (its batch's shipped
 *       region when the batch is in {@code code_batches}, else the event's) and its scan region are
 *       both non-empty and differ.
 *   <li><b>Compact tables</b>: {@code paid_orders} (every paid fact, its customer at the time),
 *       {@code customer_months} (customer × business month of a paid order; the cohort is the month
 *       of the customer's first paid fact), {@code scan_alerts} (one {@code diverted} alert per
 *       diverted scan; one {@code copied} alert per code when its (N+1)-th distinct customer scans
 *       it). Whether these take the cut too is a setting ({@link Settings#cutCompactTables}): the
 *       contract states the cut for the aggregates only.
 *   <li><b>Views</b>: as the contract lists them ({@link #VIEWS}); current customers from the
 *       profile reference; journey triggers from the journey reference, conversions against {@code
 *       paid_orders} with both sides mapped to their canonical id at W.
 * </ol>
 *
 * <p>Every expected view is a list of rows of text, tab-separated in the order of {@link #VIEWS},
 * with numbers normalised ({@link #cell}) so that they compare with ClickHouse's TabSeparated
 * output: decimals by value, dates {@code yyyy-MM-dd}, times {@code yyyy-MM-dd HH:mm:ss} UTC.
 */
final class ReferenceBi {
  /** The views of the contract and their columns, in the order the rows hold them. */
  static final Map<String, List<String>> VIEWS = new LinkedHashMap<>();

  static {
    VIEWS.put(
        "bi_sales_daily",
        List.of(
            "day",
            "channel",
            "orders",
            "buyers",
            "gmv",
            "refunds",
            "refund_amount",
            "coupon_orders",
            "discount",
            "first_time_buyer_orders"));
    VIEWS.put(
        "bi_sales_by_guide_daily",
        List.of("day", "store_id", "guide_id", "orders", "gmv", "bound_customers"));
    VIEWS.put(
        "bi_scan_daily",
        List.of(
            "day",
            "campaign_id",
            "scans",
            "scanners",
            "codes_scanned",
            "first_scans",
            "repeat_scans",
            "codes_issued",
            "scan_rate",
            "diverted_scans"));
    VIEWS.put("bi_diversion", List.of("day", "batch_id", "issued_region", "scan_region", "scans"));
    VIEWS.put(
        "bi_funnel_daily",
        List.of("day", "campaign_id", "followed", "scanned", "carted", "purchased"));
    VIEWS.put(
        "bi_cohort_retention", List.of("cohort_month", "months_after", "customers", "retained"));
    VIEWS.put(
        "bi_referral", List.of("referrer_id", "invites_accepted", "invitees_bought", "depth"));
    VIEWS.put("bi_lifecycle_current", List.of("stage", "customers"));
    VIEWS.put("bi_rfm_current", List.of("segment", "customers"));
    VIEWS.put("bi_journey_daily", List.of("day", "journey_id", "sent", "capped", "converted"));
    VIEWS.put("bi_trend_minute", List.of("minute", "scans", "orders", "gmv", "interactions"));
  }

  /** The compact tables compared too (read with FINAL), and their columns. */
  static final Map<String, List<String>> COMPACT_TABLES =
      Map.of(
          "paid_orders",
          List.of("customer_key", "order_id", "event_id", "ts_ms", "amount"),
          "customer_months",
          List.of("customer_key", "cohort_month", "active_month"));

  /**
   * The columns of {@code scan_alerts} compared. {@code scanners} is defined for copied alerts only
   * (N+1); for diverted ones it is blanked on both sides ({@link #alertRow}). {@code at_ms} is the
   * scan's own time (its ts; for a late scan not its record time), {@code business_date} the
   * business day of that time.
   */
  static final List<String> ALERT_COLUMNS =
      List.of(
          "alert_id",
          "kind",
          "code",
          "batch_id",
          "sku",
          "campaign_id",
          "issued_region",
          "scan_region",
          "store_id",
          "customer_key",
          "scanners",
          "event_id",
          "at_ms",
          "business_date");

  /** Columns of type Float64 (rounded to 4 places in the view): compared to 4 places. */
  private static final Set<String> FLOAT_COLUMNS = Set.of("bi_scan_daily.scan_rate");

  private static final long MINUTE = 60_000L;
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** One batch of the {@code code_batches} dimension. */
  record Batch(
      String batchId, String sku, String campaignId, String shippedRegion, long codesIssued) {}

  /**
   * What the rules need besides the records: the business zone, {@code bi.allowed-lateness}, {@code
   * bi.copied-code-scanners} (N), the journeys' attribution window, the code batches by id, and
   * whether the compact tables take the cut.
   */
  record Settings(
      ZoneId zone,
      long allowedLatenessMs,
      int copiedCodeScanners,
      long attributionMs,
      Map<String, Batch> batches,
      boolean cutCompactTables) {}

  /** One fact: an applied event (first occurrence), its customer, its window time. */
  record Fact(Placed placed, String stream, String customer, long windowTime) {
    JsonNode json() {
      return placed.json();
    }

    long at() {
      return placed.at();
    }

    String text(String field) {
      return ReferenceBi.text(placed.json(), field);
    }
  }

  /** Rows of one view, each its normalised cells joined by tabs, sorted. */
  record Table(String name, List<String> columns, List<String> rows) {}

  /**
   * Everything computed: the final watermark W and the cut C, the expected rows of every view, the
   * expected alerts, the diverted scans' event ids and the copied codes among them, the event ids
   * of the scans the alerts are computed from (applied, and before the cut if the compact tables
   * take it: to restrict a ground truth of all records to what the job can see), the profile and
   * journey references (for diagnosis), and counts describing the run.
   */
  record Result(
      long finalWatermark,
      long cut,
      Map<String, Table> views,
      Map<String, Table> compactTables,
      Table alerts,
      Set<String> divertedEventIds,
      Set<String> copiedCodes,
      Set<String> alertScope,
      ReferenceProfiles.Result profiles,
      ReferenceJourneys.Result journeys,
      Map<String, Long> counts) {}

  private ReferenceBi() {}

  /** Computes every view and the alerts from the records of the input topics. */
  static Result compute(
      Collection<Input> inputs,
      PhoneHasher hasher,
      ReferenceProfiles.Params params,
      ReferenceJourneys.Settings journeySettings,
      Settings s) {
    Map<String, Long> counts = new TreeMap<>();
    List<Fact> facts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    // Rule 1: the applied events, first occurrence of each event id, with their customers.
    ReferenceProfiles.Result profiles =
        ReferenceProfiles.compute(
            inputs,
            hasher,
            params,
            new ReferenceProfiles.Observer() {
              @Override
              public void applied(Placed a, String customer, String inviter) {
                if (!seen.add(a.eventId())) {
                  counts.merge("facts.re-sent-dropped", 1L, Long::sum);
                  return;
                }
                String stream = ReferenceProfiles.STREAMS.get(a.stream());
                // Rule 2.
                boolean lateBeyond = a.at() - a.ts() > s.allowedLatenessMs();
                if (lateBeyond) {
                  counts.merge("facts.later-than-allowed-lateness", 1L, Long::sum);
                } else if (a.at() != a.ts()) {
                  counts.merge("facts.late-within-allowed-lateness", 1L, Long::sum);
                }
                facts.add(new Fact(a, stream, customer, lateBeyond ? a.at() : a.ts()));
              }
            });
    ReferenceJourneys.Result journeys =
        ReferenceJourneys.compute(inputs, hasher, params, journeySettings);
    long w = profiles.finalWatermark();
    long cut = Math.floorDiv(w, MINUTE) * MINUTE; // rule 3
    long compactLimit = s.cutCompactTables() ? cut : w + 1;

    Map<String, Set<String>> campaignsOfSku = new HashMap<>();
    Map<String, Long> issuedPerCampaign = new TreeMap<>();
    for (Batch b : s.batches().values()) {
      campaignsOfSku.computeIfAbsent(b.sku(), k -> new TreeSet<>()).add(b.campaignId());
      issuedPerCampaign.merge(b.campaignId(), b.codesIssued(), Long::sum);
    }

    Map<String, Sales> sales = new TreeMap<>();
    Map<String, Guide> guides = new TreeMap<>();
    Map<String, Scans> scans = new TreeMap<>();
    Map<String, Long> diversion = new TreeMap<>();
    Map<String, Funnel> funnel = new TreeMap<>();
    Map<String, Trend> trend = new TreeMap<>();
    Set<String> scannedCodes = new HashSet<>();
    Set<String> firstPaid = new HashSet<>();
    Set<String> alertScope = new HashSet<>();

    // Compact tables and alerts.
    List<String[]> paidOrders = new ArrayList<>(); // customer, ts
    Map<String, LocalDate> cohortOf = new HashMap<>();
    Map<String, Set<LocalDate>> activeMonths = new HashMap<>();
    List<String> alerts = new ArrayList<>();
    Set<String> diverted = new TreeSet<>();
    Set<String> copied = new TreeSet<>();
    Map<String, Set<String>> scannersOfCode = new HashMap<>();

    for (Fact f : facts) {
      boolean aggregated = f.at() < cut;
      boolean compact = f.at() < compactLimit;
      counts.merge("facts." + f.stream() + (aggregated ? "" : ".after-the-cut"), 1L, Long::sum);
      String day = day(f.windowTime(), s.zone());
      String minute =
          UTC_TIME.format(Instant.ofEpochMilli(Math.floorDiv(f.windowTime(), MINUTE) * MINUTE));
      String c = f.customer();
      switch (f.stream()) {
        case "scan" -> {
          String code = f.text("code");
          String campaign = f.text("campaign_id");
          String batchId = f.text("batch_id");
          String scanRegion = f.text("scan_region");
          Batch batch = s.batches().get(batchId);
          String issued = batch != null ? batch.shippedRegion() : f.text("issued_region");
          boolean isDiverted =
              !issued.isEmpty() && !scanRegion.isEmpty() && !issued.equals(scanRegion);
          if (aggregated) {
            boolean first = scannedCodes.add(code);
            Scans x = scans.computeIfAbsent(key(day, campaign), k -> new Scans());
            x.scans++;
            x.scanners.add(c);
            x.codes.add(code);
            x.firstScans += first ? 1 : 0;
            if (isDiverted) {
              x.diverted++;
              diversion.merge(key(day, batchId, issued, scanRegion), 1L, Long::sum);
            }
            trend.computeIfAbsent(minute, k -> new Trend()).scans++;
            if (!campaign.isEmpty()) {
              funnel.computeIfAbsent(key(day, campaign), k -> new Funnel()).scanned.add(c);
            }
          }
          if (compact) {
            alertScope.add(f.placed().eventId());
            // The alert's time: the scan's own time (ts), not where it sits in event time.
            long ts = f.placed().ts();
            String at = Long.toString(ts);
            String date = day(ts, s.zone());
            String common =
                key(
                    code,
                    batchId,
                    f.text("sku"),
                    campaign,
                    issued,
                    scanRegion,
                    f.text("store_id"),
                    c);
            String id = f.placed().eventId();
            if (isDiverted) {
              diverted.add(id);
              alerts.add(key("diverted:" + id, "diverted", common, "", id, at, date));
            }
            Set<String> scanners = scannersOfCode.computeIfAbsent(code, k -> new HashSet<>());
            if (scanners.add(c) && scanners.size() == s.copiedCodeScanners() + 1) {
              copied.add(code);
              alerts.add(
                  key(
                      "copied:" + code,
                      "copied",
                      common,
                      Integer.toString(scanners.size()),
                      id,
                      at,
                      date));
            }
          }
        }
        case "purchase" -> {
          JsonNode e = f.json();
          boolean paid = "paid".equals(f.text("status"));
          long amount = fen(e.get("amount"));
          String channel = f.text("channel");
          if (aggregated) {
            Sales x = sales.computeIfAbsent(key(day, channel), k -> new Sales());
            Guide g =
                guides.computeIfAbsent(
                    key(day, f.text("store_id"), f.text("guide_id")), k -> new Guide());
            Trend t = trend.computeIfAbsent(minute, k -> new Trend());
            if (paid) {
              x.orders++;
              x.buyers.add(c);
              x.gmv += amount;
              x.couponOrders += f.text("coupon_id").isEmpty() ? 0 : 1;
              x.discount += e.hasNonNull("discount") ? fen(e.get("discount")) : 0;
              x.firstTime += firstPaid.add(c) ? 1 : 0;
              g.orders++;
              g.gmv += amount;
              t.orders++;
              t.gmv += amount;
              Set<String> campaigns = new TreeSet<>();
              if (e.has("items") && e.get("items").isArray()) {
                for (JsonNode item : e.get("items")) {
                  campaigns.addAll(campaignsOfSku.getOrDefault(text(item, "sku"), Set.of()));
                }
              }
              for (String campaign : campaigns) {
                funnel.computeIfAbsent(key(day, campaign), k -> new Funnel()).purchased.add(c);
              }
            } else {
              x.refunds++;
              x.refundAmount += amount;
            }
          }
          if (compact && paid) {
            long ts = f.placed().ts();
            paidOrders.add(
                new String[] {
                  c, Long.toString(ts), f.text("order_id"), f.placed().eventId(), yuan(amount)
                });
            LocalDate month = month(ts, s.zone());
            cohortOf.putIfAbsent(c, month);
            activeMonths.computeIfAbsent(c, k -> new TreeSet<>()).add(month);
          }
        }
        default -> {
          if (!aggregated) {
            break;
          }
          String type = f.text("type");
          String campaign = f.text("campaign_id");
          trend.computeIfAbsent(minute, k -> new Trend()).interactions++;
          if (type.equals("follow") && !campaign.isEmpty()) {
            funnel.computeIfAbsent(key(day, campaign), k -> new Funnel()).followed.add(c);
          } else if (type.equals("add_to_cart") && !campaign.isEmpty()) {
            funnel.computeIfAbsent(key(day, campaign), k -> new Funnel()).carted.add(c);
          } else if (type.equals("guide_add")) {
            guides
                .computeIfAbsent(key(day, f.text("store_id"), f.text("guide_id")), k -> new Guide())
                .bound
                .add(c);
          }
        }
      }
    }

    Map<String, Table> views = new LinkedHashMap<>();
    put(
        views,
        "bi_sales_daily",
        sales,
        (x) ->
            key(
                x.orders,
                x.buyers.size(),
                yuan(x.gmv),
                x.refunds,
                yuan(x.refundAmount),
                x.couponOrders,
                yuan(x.discount),
                x.firstTime));
    put(
        views,
        "bi_sales_by_guide_daily",
        guides,
        (x) -> key(x.orders, yuan(x.gmv), x.bound.size()));
    Map<String, String> scanRows = new TreeMap<>();
    Map<String, Long> cumulative = new HashMap<>();
    for (Map.Entry<String, Scans> en : scans.entrySet()) { // in day order: yyyy-MM-dd sorts
      String campaign = en.getKey().split("\t", -1)[1];
      Scans x = en.getValue();
      long cum = cumulative.merge(campaign, x.firstScans, Long::sum);
      long issued = issuedPerCampaign.getOrDefault(campaign, 0L);
      // "Rounded to 4 places": the exact ratio, a tie rounded up (0.00165 → 0.0017).
      String rate =
          issued == 0
              ? "0"
              : BigDecimal.valueOf(cum)
                  .divide(BigDecimal.valueOf(issued), 4, RoundingMode.HALF_UP)
                  .toPlainString();
      scanRows.put(
          en.getKey(),
          key(
              x.scans,
              x.scanners.size(),
              x.codes.size(),
              x.firstScans,
              x.scans - x.firstScans,
              issued,
              rate,
              x.diverted));
    }
    put(views, "bi_scan_daily", scanRows, Function.identity());
    put(views, "bi_diversion", diversion, Object::toString);
    put(
        views,
        "bi_funnel_daily",
        funnel,
        (x) -> key(x.followed.size(), x.scanned.size(), x.carted.size(), x.purchased.size()));

    // Cohorts from customer_months.
    Map<LocalDate, Long> cohortSize = new TreeMap<>();
    Map<String, Long> retained = new TreeMap<>();
    cohortOf.forEach((customer, cohort) -> cohortSize.merge(cohort, 1L, Long::sum));
    for (Map.Entry<String, Set<LocalDate>> en : activeMonths.entrySet()) {
      LocalDate cohort = cohortOf.get(en.getKey());
      for (LocalDate m : en.getValue()) {
        long after = ChronoUnit.MONTHS.between(cohort, m);
        if (after < 0) {
          counts.merge("anomaly.active-month-before-cohort", 1L, Long::sum);
        }
        retained.merge(key(cohort, after), 1L, Long::sum);
      }
    }
    Map<String, String> cohortRows = new TreeMap<>();
    retained.forEach(
        (k, n) -> cohortRows.put(k, key(cohortSize.get(LocalDate.parse(k.split("\t")[0])), n)));
    put(views, "bi_cohort_retention", cohortRows, Function.identity());

    // Current customers.
    Map<String, String> referral = new TreeMap<>();
    Map<String, Long> stages = new TreeMap<>();
    Map<String, Long> segments = new TreeMap<>();
    profiles
        .profiles()
        .forEach(
            (customer, p) -> {
              if (p.invitesAccepted() > 0) {
                referral.put(
                    customer,
                    key(
                        p.invitesAccepted(),
                        p.inviteesBought(),
                        profiles.fissionDepths().getOrDefault(customer, 0)));
              }
              stages.merge(p.stage(), 1L, Long::sum);
              segments.merge(p.segment(), 1L, Long::sum);
            });
    put(views, "bi_referral", referral, Function.identity());
    put(views, "bi_lifecycle_current", stages, Object::toString);
    put(views, "bi_rfm_current", segments, Object::toString);

    // Journeys: sent, capped, converted against paid_orders, both sides mapped to now.
    Map<String, String> canonical = profiles.canonicalIds();
    Map<String, List<Long>> paidByCustomer = new HashMap<>();
    for (String[] o : paidOrders) {
      paidByCustomer
          .computeIfAbsent(canonical.getOrDefault(o[0], o[0]), k -> new ArrayList<>())
          .add(Long.parseLong(o[1]));
    }
    Map<String, long[]> journeyDays = new TreeMap<>();
    for (ReferenceJourneys.Trigger t : journeys.decided()) {
      long[] x =
          journeyDays.computeIfAbsent(
              key(day(t.firedAt(), s.zone()), t.journey()), k -> new long[3]);
      if (t.sent()) {
        x[0]++;
        String customer = canonical.getOrDefault(t.recipient(), t.recipient());
        boolean converted =
            paidByCustomer.getOrDefault(customer, List.of()).stream()
                .anyMatch(p -> p > t.firedAt() && p <= t.firedAt() + s.attributionMs());
        x[2] += converted ? 1 : 0;
      } else {
        x[1]++;
      }
    }
    put(views, "bi_journey_daily", journeyDays, (x) -> key(x[0], x[1], x[2]));
    put(
        views,
        "bi_trend_minute",
        trend,
        (x) -> key(x.scans, x.orders, yuan(x.gmv), x.interactions));

    Map<String, String> paidRows = new TreeMap<>();
    for (String[] o : paidOrders) {
      paidRows.put(key(o[0], o[2], o[3]), key(o[1], o[4]));
    }
    Map<String, String> monthRows = new TreeMap<>();
    activeMonths.forEach(
        (customer, months) ->
            months.forEach(m -> monthRows.put(key(customer, cohortOf.get(customer), m), "")));
    Map<String, Table> compactTables = new LinkedHashMap<>();
    List<String> paidList = new ArrayList<>();
    paidRows.forEach(
        (k, v) -> {
          String[] a = k.split("\t", -1);
          String[] b = v.split("\t", -1);
          paidList.add(
              String.join(
                  "\t",
                  normalise(
                      "paid_orders",
                      COMPACT_TABLES.get("paid_orders"),
                      new String[] {a[0], a[1], a[2], b[0], b[1]})));
        });
    paidList.sort(null);
    compactTables.put(
        "paid_orders", new Table("paid_orders", COMPACT_TABLES.get("paid_orders"), paidList));
    List<String> monthList = new ArrayList<>();
    monthRows.keySet().forEach(monthList::add);
    monthList.sort(null);
    compactTables.put(
        "customer_months",
        new Table("customer_months", COMPACT_TABLES.get("customer_months"), monthList));

    List<String> alertRows = new ArrayList<>();
    for (String a : alerts) {
      alertRows.add(alertRow(normalise("scan_alerts", ALERT_COLUMNS, a.split("\t", -1))));
    }
    alertRows.sort(null);
    counts.put("paid-orders", (long) paidOrders.size());
    counts.put("customer-months", activeMonths.values().stream().mapToLong(Set::size).sum());
    counts.put("alerts.diverted", (long) diverted.size());
    counts.put("alerts.copied", (long) copied.size());
    views.forEach((name, t) -> counts.put("rows." + name, (long) t.rows().size()));
    return new Result(
        w,
        cut,
        views,
        compactTables,
        new Table("scan_alerts", ALERT_COLUMNS, alertRows),
        diverted,
        copied,
        alertScope,
        profiles,
        journeys,
        counts);
  }

  /** Adds a view: each key (its leading columns) with its measures, normalised and sorted. */
  private static <T> void put(
      Map<String, Table> views, String name, Map<String, T> rows, Function<T, String> measures) {
    List<String> out = new ArrayList<>(rows.size());
    rows.forEach(
        (k, v) ->
            out.add(
                String.join(
                    "\t",
                    normalise(
                        name, VIEWS.get(name), (k + "\t" + measures.apply(v)).split("\t", -1)))));
    out.sort(null);
    views.put(name, new Table(name, VIEWS.get(name), out));
  }

  /**
   * The cells of a row as they compare: decimals by value (trailing zeros dropped), Float64 columns
   * to 4 places; anything else as it is.
   */
  static String[] normalise(String table, List<String> columns, String[] cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          table + ": " + cells.length + " cells for columns " + columns + ": " + List.of(cells));
    }
    String[] out = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      out[i] = cell(table + "." + columns.get(i), cells[i]);
    }
    return out;
  }

  static String cell(String column, String raw) {
    if (FLOAT_COLUMNS.contains(column)) {
      return new BigDecimal(Double.parseDouble(raw))
          .setScale(4, RoundingMode.HALF_EVEN)
          .stripTrailingZeros()
          .toPlainString();
    }
    if (DECIMAL.matcher(raw).matches()) {
      return new BigDecimal(raw).stripTrailingZeros().toPlainString();
    }
    return raw;
  }

  /** An alert row as it compares: {@code scanners} only for copied alerts. */
  static String alertRow(String[] cells) {
    int kind = ALERT_COLUMNS.indexOf("kind");
    int scanners = ALERT_COLUMNS.indexOf("scanners");
    if (!cells[kind].equals("copied")) {
      cells[scanners] = "";
    }
    return String.join("\t", cells);
  }

  static String day(long t, ZoneId zone) {
    return Instant.ofEpochMilli(t).atZone(zone).toLocalDate().toString();
  }

  private static LocalDate month(long t, ZoneId zone) {
    return Instant.ofEpochMilli(t).atZone(zone).toLocalDate().withDayOfMonth(1);
  }

  static String key(Object... parts) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sb.append('\t');
      }
      sb.append(parts[i]);
    }
    return sb.toString();
  }

  private static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  private static long fen(JsonNode amount) {
    return amount == null || amount.isNull() ? 0 : Math.round(amount.asDouble() * 100);
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /**
   * The code batches of a {@code code_batches.csv} file (header {@code
   * batch_id,sku,campaign_id,shipped_region,codes_issued,shipped_at}; no quoting), by id.
   */
  static Map<String, Batch> readBatches(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).trim().split(",", -1));
    int id = header.indexOf("batch_id");
    int sku = header.indexOf("sku");
    int campaign = header.indexOf("campaign_id");
    int region = header.indexOf("shipped_region");
    int issued = header.indexOf("codes_issued");
    if (Math.min(Math.min(id, sku), Math.min(campaign, Math.min(region, issued))) < 0) {
      throw new IllegalArgumentException(csv + ": unexpected header " + header);
    }
    Map<String, Batch> out = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split(",", -1);
      out.put(f[id], new Batch(f[id], f[sku], f[campaign], f[region], Long.parseLong(f[issued])));
    }
    return out;
  }

  private static final class Sales {
    long orders;
    final Set<String> buyers = new HashSet<>();
    long gmv;
    long refunds;
    long refundAmount;
    long couponOrders;
    long discount;
    long firstTime;
  }

  private static final class Guide {
    long orders;
    long gmv;
    final Set<String> bound = new HashSet<>();
  }

  private static final class Scans {
    long scans;
    final Set<String> scanners = new HashSet<>();
    final Set<String> codes = new HashSet<>();
    long firstScans;
    long diverted;
  }

  private static final class Funnel {
    final Set<String> followed = new HashSet<>();
    final Set<String> scanned = new HashSet<>();
    final Set<String> carted = new HashSet<>();
    final Set<String> purchased = new HashSet<>();
  }

  private static final class Trend {
    long scans;
    long orders;
    long gmv;
    long interactions;
  }
}
