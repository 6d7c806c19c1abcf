package io.siyu.e2e;

import java.util.Map;
import java.util.TreeMap;

/** The demo's closing report, queried from ClickHouse and checked against the ground truth. */
final class Summary {
  private Summary() {}

  /** Prints the report; returns whether ClickHouse matches the ground truth exactly. */
  static boolean print(LocalRun run, String db, GeneratedHistory truth, double jobSeconds) {
    Map<String, Long> byStream =
        grouped(run, "SELECT stream, count() FROM " + db + ".events FINAL GROUP BY stream");
    Map<String, Long> byReason =
        grouped(run, "SELECT reason, count() FROM " + db + ".dead_letters FINAL GROUP BY reason");
    long events = byStream.values().stream().mapToLong(Long::longValue).sum();
    long dead = byReason.values().stream().mapToLong(Long::longValue).sum();

    System.out.println();
    System.out.println("=== What ClickHouse holds (database " + db + ", read with FINAL) ===");
    System.out.printf("events by stream:        %s  (total %,d)%n", byStream, events);
    System.out.printf("dead letters by reason:  %s  (total %,d)%n", byReason, dead);
    System.out.println("net GMV by channel (CNY):");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT channel, sum(net_gmv) AS gmv, sum(events) AS purchases FROM "
                        + db
                        + ".v_events_daily"
                        + " WHERE stream = 'purchase' GROUP BY channel ORDER BY gmv DESC")));
    System.out.println("scans per business day (first 5 days):");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT business_date, sum(events), sum(customers) FROM "
                        + db
                        + ".v_events_daily"
                        + " WHERE stream = 'scan' GROUP BY business_date ORDER BY business_date LIMIT 5")));
    System.out.println("OneID (v_identity, v_customer_profile):");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT uniqExact(id) AS identifiers, uniqExact(canonical_id) AS customers,"
                        + " countIf(cause = 'merge') AS moved_by_merges FROM "
                        + db
                        + ".v_identity FORMAT TSVWithNames")));
    System.out.println("social value and CLV (v_customer_profile):");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT sum(koc) AS koc, sum(invites_accepted) AS invites_accepted,"
                        + " sum(invitees_bought) AS invitees_bought, max(fission_depth) AS"
                        + " max_fission_depth, sum(lifetime_net) AS historical_clv,"
                        + " sum(predicted_clv) AS predicted_clv FROM "
                        + db
                        + ".v_customer_profile FORMAT TSVWithNames")));
    System.out.println("customers by lifecycle stage (v_lifecycle_distribution):");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT stage, customers FROM "
                        + db
                        + ".v_lifecycle_distribution ORDER BY customers DESC")));
    System.out.println("customers by RFM segment (v_rfm_distribution):");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT rfm_segment, customers, round(avg_recency, 1), round(avg_frequency, 1),"
                        + " round(avg_monetary, 1) FROM "
                        + db
                        + ".v_rfm_distribution ORDER BY customers DESC")));
    System.out.println("journeys: triggers sent and capped, conversions within 7 days:");
    System.out.print(
        indent(
            run.clickhouse()
                .query(
                    "SELECT journey_id, sent, capped, converted FROM (SELECT journey_id,"
                        + " countIf(status = 'sent') AS sent, countIf(status = 'capped') AS capped"
                        + " FROM "
                        + db
                        + ".journey_triggers FINAL GROUP BY journey_id) ANY LEFT JOIN (SELECT"
                        + " journey_id, sum(converted) AS converted FROM "
                        + db
                        + ".v_journey_conversion GROUP BY journey_id) USING journey_id"
                        + " ORDER BY sent DESC FORMAT TSVWithNames")));
    System.out.printf(
        "job time %.1f s for %,d records (%,.0f records/s incl. start-up and ClickHouse inserts)%n",
        jobSeconds, truth.records().size(), truth.records().size() / jobSeconds);

    boolean eventsOk = true;
    for (String stream : new String[] {"scan", "purchase", "interaction"}) {
      eventsOk &= byStream.getOrDefault(stream, 0L) == truth.validDistinct(stream);
    }
    boolean deadOk = byReason.equals(new TreeMap<>(truth.malformedByReason()));
    System.out.printf(
        "%s events %,d = distinct valid events generated %,d%n",
        eventsOk ? "OK  " : "FAIL", events, truth.validDistinct());
    System.out.printf(
        "%s dead letters %,d = malformed records generated %,d, reason by reason%n",
        deadOk ? "OK  " : "FAIL", dead, truth.malformed());
    if (!deadOk) {
      System.out.printf("     expected by reason: %s%n", truth.malformedByReason());
    }
    return eventsOk && deadOk;
  }

  static Map<String, Long> grouped(LocalRun run, String sql) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : run.clickhouse().query(sql).split("\n")) {
      if (!line.isBlank()) {
        String[] cols = line.split("\t");
        out.put(cols[0], Long.parseLong(cols[1]));
      }
    }
    return out;
  }

  private static String indent(String tsv) {
    StringBuilder out = new StringBuilder();
    for (String line : tsv.split("\n")) {
      if (!line.isBlank()) {
        out.append("    ").append(line.replace('\t', ' ')).append('\n');
      }
    }
    return out.toString();
  }
}
