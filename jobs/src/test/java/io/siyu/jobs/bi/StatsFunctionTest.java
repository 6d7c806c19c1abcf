package io.siyu.jobs.bi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The aggregates of one key: versioned rows per minute and business day, lateness, clean-up. */
class StatsFunctionTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  // 2026-01-01T00:00:00Z = 08:00 in Shanghai, business day 2026-01-01.
  private static final long T0 = 1_767_225_600_000L;
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 3_600_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, StatInput, StatRow> h;

  @BeforeEach
  void open() throws Exception {
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new WriteBackKeyedProcessOperator<>(new StatsFunction(HOUR, SHANGHAI, 100)),
            in -> in.key,
            Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  @Test
  void aMinuteEmitsWhatWasAppliedBeforeItEndsAndNothingLater() throws Exception {
    // Arrival order across upstream channels: a record of the next minute comes first.
    send(purchase("e3", "c2", T0 + MINUTE + 5_000, 700));
    send(purchase("e1", "c1", T0 + 1_000, 1_000));
    send(purchase("e2", "c1", T0 + 30_000, 500));
    h.processWatermark(new Watermark(T0 + MINUTE + 30_000)); // passes the first tick only
    List<StatRow> rows = rows();
    StatRow minute = only(rows, StatRow.MINUTE, T0);
    assertEquals(2, minute.version);
    assertEquals(2, minute.sums[0], "orders");
    assertEquals(1_500, minute.sums[1], "gmv in fen");
    assertEquals(1, minute.distinctCounts[0], "buyers");
    StatRow day = only(rows, StatRow.DAY, dayStart());
    assertEquals(2, day.version, "the day row holds the first minute only, so far");
    assertEquals(20454, day.epochDay);

    h.processWatermark(new Watermark(T0 + 2 * MINUTE));
    List<StatRow> next = rows().subList(rows.size(), rows().size());
    assertEquals(3, only(next, StatRow.DAY, dayStart()).version);
    assertEquals(2, only(next, StatRow.DAY, dayStart()).distinctCounts[0], "buyers that day");
  }

  @Test
  void aLateRecordWithinTheLatenessReplacesItsWindowWithAHigherVersion() throws Exception {
    send(purchase("e1", "c1", T0 + 1_000, 1_000));
    h.processWatermark(new Watermark(T0 + 10 * MINUTE));
    // Applied 9 minutes later (its partition's position), counted in its own minute.
    StatInput late = purchase("e2", "c2", T0 + 10 * MINUTE + 1, 300);
    late.windowTs = T0 + 2_000;
    send(late);
    h.processWatermark(new Watermark(T0 + 11 * MINUTE));
    List<StatRow> minuteRows =
        rows().stream().filter(r -> r.grain == StatRow.MINUTE && r.windowStartMs == T0).toList();
    assertEquals(List.of(1L, 2L), minuteRows.stream().map(r -> r.version).toList());
    assertEquals(1_300, minuteRows.get(1).sums[1]);
  }

  @Test
  void windowsAreDroppedOnceTheLatenessHasPassed() throws Exception {
    send(purchase("e1", "c1", T0 + 1_000, 1_000));
    h.processWatermark(new Watermark(T0 + MINUTE));
    assertEquals(1, h.numEventTimeTimers(), "one clean-up timer, when the day has expired");
    h.prepareSnapshotPreBarrier(1); // writes the cached state back, as before a checkpoint
    assertEquals(1, h.numKeyedStateEntries(), "the key's windows");
    h.processWatermark(new Watermark(T0 + 17 * HOUR)); // the day ends 16:00Z, plus an hour
    h.prepareSnapshotPreBarrier(2);
    assertEquals(0, h.numEventTimeTimers());
    assertEquals(0, h.numKeyedStateEntries(), "nothing left of the key");
  }

  private void send(StatInput in) throws Exception {
    h.processElement(new StreamRecord<>(in, in.at));
  }

  private List<StatRow> rows() {
    return new ArrayList<>(h.extractOutputValues());
  }

  private static StatRow only(List<StatRow> rows, byte grain, long start) {
    List<StatRow> match =
        rows.stream().filter(r -> r.grain == grain && r.windowStartMs == start).toList();
    assertEquals(1, match.size(), "rows for " + grain + "@" + start + ": " + match.size());
    return match.get(0);
  }

  private static long dayStart() {
    return T0 - 8 * HOUR;
  }

  /** The contribution of a paid purchase to the sales key (channel mini_program). */
  private static StatInput purchase(String eventId, String customer, long at, long fen) {
    BiFact f = new BiFact();
    f.kind = BiFact.PURCHASE;
    f.eventId = eventId;
    f.customer = customer;
    f.at = at;
    f.ts = at;
    f.windowTs = at;
    f.channel = "mini_program";
    f.paid = true;
    f.amountFen = fen;
    f.campaigns = new String[0];
    List<StatInput> out = new ArrayList<>();
    new StatInputs()
        .flatMap(
            f,
            new Collector<>() {
              @Override
              public void collect(StatInput record) {
                out.add(record);
              }

              @Override
              public void close() {}
            });
    return out.stream().filter(in -> in.grouping.equals("channel")).findFirst().orElseThrow();
  }
}
