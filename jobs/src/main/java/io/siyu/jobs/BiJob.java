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
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
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

  /** Where the BI branch writes (production: ClickHouse and Kafka; benchmarks discard). */
  public interface Outputs {
    Sink<StatRow> stats(StatTable table);

    Sink<BiFact> paidOrders();

    Sink<BiFact> customerMonths();

    Sink<CodeBatch> codeBatches();

    Sink<ScanAlert> alertTable();

    Sink<ScanAlert> alertTopic();
  }

  private final JobConfig config;
  private final CodeBatches batches;
  private final Outputs outputs;

  public BiJob(JobConfig config, Outputs outputs) {
    this.config = config;
    this.batches = CodeBatches.load(config.bi().codeBatches());
    this.outputs = outputs;
  }

  public static BiJob production(JobConfig config) {
    return new BiJob(
        config,
        new Outputs() {
          @Override
          public Sink<StatRow> stats(StatTable table) {
            return Sinks.stats(config, table);
          }

          @Override
          public Sink<BiFact> paidOrders() {
            return Sinks.paidOrders(config);
          }

          @Override
          public Sink<BiFact> customerMonths() {
            return Sinks.customerMonths(config);
          }

          @Override
          public Sink<CodeBatch> codeBatches() {
            return Sinks.codeBatches(config);
          }

          @Override
          public Sink<ScanAlert> alertTable() {
            return Sinks.scanAlertTable(config);
          }

          @Override
          public Sink<ScanAlert> alertTopic() {
            return Sinks.scanAlertTopic(config);
          }
        });
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
            .transform(
                "bi: codes (first scans, alerts)",
                factType,
                new WriteBackKeyedProcessOperator<>(
                    new CodeScanFunction(
                        bi.copiedCodeScanners(),
                        bi.codeRetention().toMillis(),
                        bi.stateCacheEntries())))
            .uid(CODES_UID);
    SingleOutputStreamOperator<BiFact> purchases =
        facts
            .filter(f -> f.kind == BiFact.PURCHASE)
            .name("bi: purchases")
            .keyBy(f -> f.customer, TypeInformation.of(String.class))
            .transform(
                "bi: first orders",
                factType,
                new WriteBackKeyedProcessOperator<>(
                    new FirstOrderFunction(config.zone(), bi.stateCacheEntries())))
            .uid(FIRST_ORDERS_UID);
    DataStream<BiFact> interactions =
        facts.filter(f -> f.kind == BiFact.INTERACTION).name("bi: interactions");

    SingleOutputStreamOperator<StatRow> rows =
        scans
            .union(purchases, interactions)
            .flatMap(new StatInputs(), TypeInformation.of(StatInput.class))
            .name("bi: aggregate keys")
            .keyBy(in -> in.key, TypeInformation.of(String.class))
            .transform(
                "bi: aggregates per minute and day",
                TypeInformation.of(StatRow.class),
                new WriteBackKeyedProcessOperator<>(
                    new StatsFunction(
                        bi.allowedLateness().toMillis(), config.zone(), bi.stateCacheEntries())))
            .uid(STATS_UID);
    for (StatTable table : StatTable.ALL) {
      byte id = table.id();
      rows.filter(r -> r.table == id)
          .name("bi: " + table.name())
          .sinkTo(outputs.stats(table))
          .uid("bi-sink-" + table.name())
          .name("clickhouse: " + table.name());
    }
    DataStream<BiFact> paid = purchases.filter(f -> f.paid).name("bi: paid orders");
    paid.sinkTo(outputs.paidOrders()).uid("bi-sink-paid-orders").name("clickhouse: paid_orders");
    paid.sinkTo(outputs.customerMonths())
        .uid("bi-sink-customer-months")
        .name("clickhouse: customer_months");

    DataStream<ScanAlert> alerts = scans.getSideOutput(CodeScanFunction.ALERTS);
    alerts.sinkTo(outputs.alertTable()).uid("bi-sink-alerts-table").name("clickhouse: scan_alerts");
    alerts.sinkTo(outputs.alertTopic()).uid("bi-sink-alerts-topic").name("kafka: scan alerts");

    if (!batches.all().isEmpty()) {
      // Idempotent (one row per batch): written again on every start, which keeps the table
      // in step with the file.
      accepted
          .getExecutionEnvironment()
          .fromData(batches.all(), TypeInformation.of(CodeBatch.class))
          .uid("bi-code-batches")
          .name("bi: code batches (file)")
          .sinkTo(outputs.codeBatches())
          .uid("bi-sink-code-batches")
          .name("clickhouse: code_batches");
    }
    return alerts;
  }
}
