package io.siyu.jobs;

import io.siyu.jobs.bi.BiFact;
import io.siyu.jobs.bi.BiFacts;
import io.siyu.jobs.bi.CodeBatch;
import io.siyu.jobs.bi.CodeBatches;
import io.siyu.jobs.bi.CodeScanFunction;
import io.siyu.jobs.bi.FirstOrderFunction;
import io.siyu.jobs.bi.ScanAlert;
import io.siyu.jobs.bi.StatInput;
import io.siyu.jobs.bi.StatInputs;
import io.siyu.jobs.bi.StatRow;
import io.siyu.jobs.bi.StatTable;
import io.siyu.jobs.bi.StatsFunction;
import io.siyu.jobs.config.BiConfig;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.sinks.Sinks;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The BI branch (README "BI"), fed by the profile's applied events: per code (first scans, scan
 * alerts), per customer (first orders, cohorts), then the streaming aggregates per minute and
 * business day, the compact tables and the code-batch dimension, all into ClickHouse, and the scan
 * alerts on Kafka too.
 */
public final class BiJob {
  public static final String FACTS_UID = "bi-facts";
  public static final String CODES_UID = "bi-codes";
  public static final String FIRST_ORDERS_UID = "bi-first-orders";
  public static final String STATS_UID = "bi-stats";

  private final JobConfig config;
  private final CodeBatches batches;

  public BiJob(JobConfig config) {
    this.config = config;
    this.batches = CodeBatches.load(config.bi().codeBatches());
  }

  public static BiJob production(JobConfig config) {
    return new BiJob(config);
  }

  /** The scan alerts (for tests); everything else goes to the sinks. */
  public DataStream<ScanAlert> attachTo(DataStream<ResolvedEvent> accepted) {
    BiConfig bi = config.bi();
    TypeInformation<BiFact> factType = TypeInformation.of(BiFact.class);
    SingleOutputStreamOperator<BiFact> facts =
        accepted
            .process(new BiFacts(bi.allowedLateness().toMillis(), batches), factType)
            .uid(FACTS_UID)
            .name("bi: facts");
    SingleOutputStreamOperator<BiFact> scans =
        facts
            .filter(f -> f.kind == BiFact.SCAN)
            .name("bi: scans")
            .keyBy(f -> f.code == null ? "" : f.code, TypeInformation.of(String.class))
            .process(
                new CodeScanFunction(bi.copiedCodeScanners(), bi.codeRetention().toMillis()),
                factType)
            .uid(CODES_UID)
            .name("bi: codes (first scans, alerts)");
    SingleOutputStreamOperator<BiFact> purchases =
        facts
            .filter(f -> f.kind == BiFact.PURCHASE)
            .name("bi: purchases")
            .keyBy(f -> f.customer, TypeInformation.of(String.class))
            .process(new FirstOrderFunction(config.zone()), factType)
            .uid(FIRST_ORDERS_UID)
            .name("bi: first orders");
    DataStream<BiFact> interactions =
        facts.filter(f -> f.kind == BiFact.INTERACTION).name("bi: interactions");

    SingleOutputStreamOperator<StatRow> rows =
        scans
            .union(purchases, interactions)
            .flatMap(new StatInputs(), TypeInformation.of(StatInput.class))
            .name("bi: aggregate keys")
            .keyBy(in -> in.key, TypeInformation.of(String.class))
            .process(
                new StatsFunction(bi.allowedLateness().toMillis(), config.zone()),
                TypeInformation.of(StatRow.class))
            .uid(STATS_UID)
            .name("bi: aggregates per minute and day");
    for (StatTable table : StatTable.ALL) {
      byte id = table.id();
      rows.filter(r -> r.table == id)
          .name("bi: " + table.name())
          .sinkTo(Sinks.stats(config, table))
          .uid("bi-sink-" + table.name())
          .name("clickhouse: " + table.name());
    }
    DataStream<BiFact> paid = purchases.filter(f -> f.paid).name("bi: paid orders");
    paid.sinkTo(Sinks.paidOrders(config))
        .uid("bi-sink-paid-orders")
        .name("clickhouse: paid_orders");
    paid.sinkTo(Sinks.customerMonths(config))
        .uid("bi-sink-customer-months")
        .name("clickhouse: customer_months");

    DataStream<ScanAlert> alerts = scans.getSideOutput(CodeScanFunction.ALERTS);
    alerts
        .sinkTo(Sinks.scanAlertTable(config))
        .uid("bi-sink-alerts-table")
        .name("clickhouse: scan_alerts");
    alerts
        .sinkTo(Sinks.scanAlertTopic(config))
        .uid("bi-sink-alerts-topic")
        .name("kafka: scan alerts");

    if (!batches.all().isEmpty()) {
      // Idempotent (one row per batch): written again on every start, which keeps the table
      // in step with the file.
      accepted
          .getExecutionEnvironment()
          .fromData(batches.all(), TypeInformation.of(CodeBatch.class))
          .uid("bi-code-batches")
          .name("bi: code batches (file)")
          .sinkTo(Sinks.codeBatches(config))
          .uid("bi-sink-code-batches")
          .name("clickhouse: code_batches");
    }
    return alerts;
  }
}
