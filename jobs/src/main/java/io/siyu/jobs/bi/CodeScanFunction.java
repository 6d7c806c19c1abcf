package io.siyu.jobs.bi;

import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per product code, in event-time order: marks the first scan of each code, and raises the scan
 * alerts ({@link #ALERTS}): every diverted scan, and once per code the scan by its {@code N+1}-th
 * distinct customer (a copied code).
 *
 * <p>A code is forgotten after {@code code-retention} without a scan. Expiry is decided on the next
 * scan from event time (so replays agree); Flink's state TTL (processing time, the same length)
 * only reclaims the storage of codes never scanned again.
 */
public final class CodeScanFunction extends MinuteOrderedFunction<BiFact, BiFact> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<ScanAlert> ALERTS =
      new OutputTag<>("scan-alerts", TypeInformation.of(ScanAlert.class));

  /** Applied order: record time, then event id (a code's scans at one instant). */
  public static final Comparator<BiFact> ORDER =
      Comparator.<BiFact>comparingLong(f -> f.at).thenComparing(f -> f.eventId);

  private final int copiedScanners;
  private final long retentionMs;
  private transient ValueState<CodeState> codes;
  private transient Counter diverted;
  private transient Counter copied;

  public CodeScanFunction(int copiedScanners, long retentionMs) {
    super(TypeInformation.of(BiFact.class));
    this.copiedScanners = copiedScanners;
    this.retentionMs = retentionMs;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    ValueStateDescriptor<CodeState> d =
        new ValueStateDescriptor<>("code", TypeInformation.of(CodeState.class));
    d.enableTimeToLive(StateTtlConfig.newBuilder(java.time.Duration.ofMillis(retentionMs)).build());
    codes = getRuntimeContext().getState(d);
    diverted = getRuntimeContext().getMetricGroup().counter("scanAlertsDiverted");
    copied = getRuntimeContext().getMetricGroup().counter("scanAlertsCopied");
  }

  @Override
  protected Comparator<BiFact> order() {
    return ORDER;
  }

  @Override
  protected long at(BiFact f) {
    return f.at;
  }

  @Override
  protected void onTick(long tick, List<BiFact> scans, Context ctx, Collector<BiFact> out)
      throws Exception {
    if (scans.isEmpty()) {
      return;
    }
    CodeState code = codes.value();
    for (BiFact scan : scans) {
      if (code != null && scan.at - code.lastScanAt > retentionMs) {
        code = null; // quiet for the whole retention: a new life for the code
      }
      scan.firstScan = code == null;
      if (code == null) {
        code = new CodeState();
      }
      code.lastScanAt = Math.max(code.lastScanAt, scan.at);
      int scanners = code.addScanner(scan.customer, copiedScanners + 1);
      if (scanners > copiedScanners && !code.reported) {
        code.reported = true;
        copied.inc();
        ctx.output(ALERTS, ScanAlert.of(ScanAlert.COPIED, "copied:" + scan.code, scan, scanners));
      }
      if (scan.diverted()) {
        diverted.inc();
        ctx.output(
            ALERTS, ScanAlert.of(ScanAlert.DIVERTED, "diverted:" + scan.eventId, scan, scanners));
      }
      out.collect(scan);
    }
    codes.update(code);
  }
}
