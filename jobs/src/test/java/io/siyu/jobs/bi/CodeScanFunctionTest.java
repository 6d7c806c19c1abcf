package io.siyu.jobs.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The per-code step: first scans and alerts in event-time order, whatever the arrival order. */
class CodeScanFunctionTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a whole minute
  private static final long DAY = 86_400_000L;

  @Test
  void theEarliestScanIsTheFirstWhateverTheArrivalOrder() throws Exception {
    List<BiFact> inOrder = List.of(scan("e1", "c1", T0 + 5_000), scan("e2", "c2", T0 + 9_000));
    List<String> a = firstScans(run(inOrder, 3, DAY));
    List<String> b = firstScans(run(List.of(inOrder.get(1), inOrder.get(0)), 3, DAY));
    assertEquals(List.of("e1"), a);
    assertEquals(a, b, "the arrival order of one minute's scans must not matter");
  }

  @Test
  void scansWaitForTheirMinuteAndLaterOnesForTheirs() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, BiFact, BiFact> h = harness(3, DAY);
    // The later scan arrives first (another upstream channel), in the next minute.
    h.processElement(new StreamRecord<>(scan("late-minute", "c2", T0 + 61_000), T0 + 61_000));
    h.processElement(new StreamRecord<>(scan("early", "c1", T0 + 1_000), T0 + 1_000));
    h.processWatermark(new Watermark(T0 + 60_000));
    assertEquals(List.of("early:first"), marks(h.extractOutputValues()));
    h.processWatermark(new Watermark(T0 + 120_000));
    assertEquals(List.of("early:first", "late-minute:repeat"), marks(h.extractOutputValues()));
    h.close();
  }

  @Test
  void aCodeScannedByMoreThanNCustomersIsReportedOnce() throws Exception {
    List<BiFact> scans = new ArrayList<>();
    String[] customers = {"c1", "c1", "c2", "c3", "c2", "c4", "c5"};
    for (int i = 0; i < customers.length; i++) {
      scans.add(scan("e" + i, customers[i], T0 + i * 1_000L));
    }
    Run r = run(scans, 3, DAY);
    List<ScanAlert> copied =
        r.alerts.stream().filter(x -> x.kind.equals(ScanAlert.COPIED)).toList();
    assertEquals(1, copied.size(), "one alert per code");
    assertEquals("copied:CODE", copied.get(0).alertId);
    assertEquals("e5", copied.get(0).eventId, "the scan by the fourth distinct customer");
    assertEquals(4, copied.get(0).scanners);
  }

  @Test
  void everyDivertedScanIsReportedByItsEventId() throws Exception {
    BiFact home = scan("e1", "c1", T0 + 1_000);
    BiFact away = scan("e2", "c2", T0 + 2_000);
    away.scanRegion = "beijing";
    Run r = run(List.of(home, away), 3, DAY);
    assertEquals(
        List.of("diverted:e2"),
        r.alerts.stream()
            .filter(x -> x.kind.equals(ScanAlert.DIVERTED))
            .map(x -> x.alertId)
            .toList());
    assertEquals("shanghai", r.alerts.get(0).issuedRegion);
  }

  @Test
  void aCodeQuietForTheRetentionStartsAfresh() throws Exception {
    List<BiFact> scans =
        List.of(scan("e1", "c1", T0), scan("e2", "c1", T0 + DAY), scan("e3", "c1", T0 + 3 * DAY));
    assertEquals(List.of("e1", "e3"), firstScans(run(scans, 3, 2 * DAY - 1)));
  }

  private record Run(List<BiFact> out, List<ScanAlert> alerts) {}

  private static Run run(List<BiFact> arrivals, int n, long retention) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, BiFact, BiFact> h = harness(n, retention);
    for (BiFact f : arrivals) {
      h.processElement(new StreamRecord<>(f, f.at));
    }
    h.processWatermark(new Watermark(Long.MAX_VALUE - 1));
    ConcurrentLinkedQueue<StreamRecord<ScanAlert>> side = h.getSideOutput(CodeScanFunction.ALERTS);
    List<ScanAlert> alerts = new ArrayList<>();
    if (side != null) {
      side.forEach(rec -> alerts.add(rec.getValue()));
    }
    Run r = new Run(h.extractOutputValues(), alerts);
    h.close();
    return r;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, BiFact, BiFact> harness(
      int n, long retention) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, BiFact, BiFact> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new WriteBackKeyedProcessOperator<>(new CodeScanFunction(n, retention, 100)),
            f -> f.code,
            Types.STRING);
    h.open();
    return h;
  }

  private static List<String> firstScans(Run r) {
    return r.out.stream().filter(f -> f.firstScan).map(f -> f.eventId).toList();
  }

  private static List<String> marks(List<BiFact> out) {
    return out.stream().map(f -> f.eventId + (f.firstScan ? ":first" : ":repeat")).toList();
  }

  static BiFact scan(String eventId, String customer, long at) {
    BiFact f = new BiFact();
    f.kind = BiFact.SCAN;
    f.eventId = eventId;
    f.customer = customer;
    f.at = at;
    f.ts = at;
    f.windowTs = at;
    f.code = "CODE";
    f.batchId = "B1";
    f.campaignId = "cny";
    f.sku = "SKU1";
    f.issuedRegion = "shanghai";
    f.scanRegion = "shanghai";
    f.rewardType = "NONE";
    return f;
  }

  @Test
  void theScanStateOfAGenuineCodeIsSmall() throws Exception {
    CodeState s = new CodeState();
    s.lastScanAt = T0;
    s.addScanner("m:M000123456", 4);
    byte[] bytes =
        org.apache.flink.util.InstantiationUtil.serializeToByteArray(
            org.apache.flink.api.common.typeinfo.TypeInformation.of(CodeState.class)
                .createSerializer(
                    new org.apache.flink.api.common.serialization.SerializerConfigImpl()),
            s);
    assertTrue(bytes.length < 64, "bytes per genuine code's value: " + bytes.length);
  }
}
