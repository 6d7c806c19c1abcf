package io.siyu.jobs.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The event-time gate: lateness judged by each partition's own records, late events kept at their
 * partition's position, and a bounded input ending at the smallest partition watermark instead of
 * Long.MAX_VALUE — also after a restore from a checkpoint taken when a partition was already done.
 */
class EventTimeGateTest {
  private static final long OOO = 30_000;
  private static final long T0 = 1_767_225_600_000L;
  private int seq;

  private Ingested follow(long ts, int partition) {
    EventHeader h =
        new EventHeader(
            "e" + (++seq),
            1,
            ts,
            new CustomerIds("M1", null, null, null),
            "mini_program",
            null,
            null);
    return Ingested.valid(
        CustomerEvent.of(new InteractionEvent(h, InteractionType.FOLLOW, null, null, null, null)),
        partition,
        seq);
  }

  private static OneInputStreamOperatorTestHarness<Ingested, Ingested> harness(boolean bounded)
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(new EventTimeGate(OOO, bounded));
  }

  @Test
  void lateIsDecidedByThePartitionsOwnRecordsAndTheEventIsKeptAtItsPosition() throws Exception {
    try (var h = harness(false)) {
      h.open();
      h.processElement(follow(T0 + 100_000, 0), T0 + 100_000);
      // Partition 1 is far behind partition 0: not late, its own records are in order.
      h.processElement(follow(T0, 1), T0);
      // 30 s behind partition 0's largest time: within the out-of-orderness.
      h.processElement(follow(T0 + 70_000, 0), T0 + 70_000);
      // 30 s + 1 ms behind: late, applied at partition 0's position (watermark + 1).
      Ingested late = follow(T0 + 69_999, 0);
      h.processElement(late, T0 + 69_999);

      List<Long> stamps = new ArrayList<>();
      for (StreamRecord<? extends Ingested> r : h.extractOutputStreamRecords()) {
        stamps.add(r.getTimestamp());
      }
      assertEquals(List.of(T0 + 100_000, T0, T0 + 70_000, T0 + 70_000), stamps);
      var lates = new ArrayList<>(h.getSideOutput(EventTimeGate.LATE));
      assertEquals(1, lates.size());
      LateRecord r = lates.get(0).getValue();
      assertEquals(late.event().header().eventId(), r.eventId());
      assertEquals(T0 + 69_999, r.ts());
      assertEquals(T0 + 70_000, r.effectiveTs());
      assertEquals(0, r.partition());
      // The event itself keeps its own time (BI's events table, purchase times).
      assertEquals(T0 + 69_999, h.extractOutputValues().get(3).event().header().ts());
    }
  }

  @Test
  void aBoundedInputEndsAtTheSmallestPartitionWatermarkNotAtMaxValue() throws Exception {
    try (var h = harness(true)) {
      h.open();
      h.processElement(follow(T0 + 500_000, 0), T0 + 500_000);
      h.processElement(follow(T0 + 200_000, 1), T0 + 200_000);
      // Flink's own watermark ran ahead (partition 1 reached its end); the gate holds it back.
      h.processWatermark(new Watermark(T0 + 400_000));
      h.processWatermark(Watermark.MAX_WATERMARK);
      assertEquals(List.of(T0 + 200_000 - OOO - 1), watermarks(h), "capped, then the end of input");
    }
  }

  @Test
  void aSubtaskWithoutPartitionsHoldsNothingBack() throws Exception {
    try (var h = harness(true)) {
      h.open();
      h.processWatermark(Watermark.MAX_WATERMARK);
      assertEquals(List.of(Long.MAX_VALUE), watermarks(h));
    }
  }

  @Test
  void liveWatermarksPassUnchanged() throws Exception {
    try (var h = harness(false)) {
      h.open();
      h.processElement(follow(T0, 0), T0);
      h.processWatermark(new Watermark(T0 + 999_999));
      assertEquals(List.of(T0 + 999_999), watermarks(h));
    }
  }

  @Test
  void positionsAndOwnershipSurviveARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(true)) {
      h.open();
      h.processElement(follow(T0 + 100_000, 0), T0 + 100_000);
      h.processElement(follow(T0 + 900_000, 1), T0 + 900_000);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(true)) {
      h.initializeState(snapshot);
      h.open();
      // Partition 0 was read to its end before the checkpoint; only partition 1 goes on.
      h.processElement(follow(T0 + 950_000, 1), T0 + 950_000);
      // Still late against partition 1's restored position.
      h.processElement(follow(T0 + 900_000 - OOO - 1, 1), 0);
      h.processWatermark(Watermark.MAX_WATERMARK);
      assertEquals(1, h.getSideOutput(EventTimeGate.LATE).size());
      assertEquals(
          List.of(T0 + 100_000 - OOO - 1),
          watermarks(h),
          "partition 0, done before the restore, still bounds the end");
    }
  }

  private static List<Long> watermarks(OneInputStreamOperatorTestHarness<Ingested, Ingested> h) {
    List<Long> out = new ArrayList<>();
    for (Object o : h.getOutput()) {
      if (o instanceof Watermark w) {
        out.add(w.getTimestamp());
      }
    }
    assertTrue(out.stream().sorted().toList().equals(out), "watermarks never go back");
    return out;
  }
}
