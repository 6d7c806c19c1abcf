package io.siyu.jobs.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.CustomerIds;
import io.siyu.jobs.records.EventHeader;
import io.siyu.jobs.records.InteractionEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.ScanEvent;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The event-time order in front of identity resolution. */
class EventTimeOrderTest {

  @Test
  void holdsEventsUntilTheWatermarkThenEmitsThemByTimeEventIdAndStream() throws Exception {
    try (var h = new OneInputStreamOperatorTestHarness<>(new EventTimeOrder())) {
      h.open();
      send(h, follow("e3", 300));
      send(h, follow("e2", 100));
      send(h, scan("e1", 100));
      send(h, follow("e1", 100)); // same id, other stream: interactions sort after scans
      send(h, follow("e0", 200));
      assertEquals(List.of(), h.extractOutputValues(), "nothing before the watermark");

      h.processWatermark(200);
      assertEquals(
          List.of("scan:e1@100", "interaction:e1@100", "interaction:e2@100", "interaction:e0@200"),
          emitted(h));
      assertEquals(
          new Watermark(200),
          h.getOutput().stream().reduce((a, b) -> b).orElseThrow(),
          "the watermark follows the records it released");

      h.processWatermark(300);
      assertEquals("interaction:e3@300", emitted(h).get(4));
    }
  }

  @Test
  void theHeldEventsSurviveARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = new OneInputStreamOperatorTestHarness<>(new EventTimeOrder())) {
      h.open();
      send(h, follow("a", 100));
      send(h, follow("b", 50));
      snapshot = h.snapshot(1, 1);
    }
    try (var h = new OneInputStreamOperatorTestHarness<>(new EventTimeOrder())) {
      h.initializeState(snapshot);
      h.open();
      h.processWatermark(100);
      assertEquals(List.of("interaction:b@50", "interaction:a@100"), emitted(h));
    }
  }

  @Test
  void anEventBehindTheWatermarkIsPlacedJustAfterIt() throws Exception {
    try (var h = new OneInputStreamOperatorTestHarness<>(new EventTimeOrder())) {
      h.open();
      h.processWatermark(1_000);
      send(h, follow("late", 10));
      h.processWatermark(1_001);
      assertEquals(List.of("interaction:late@1001"), emitted(h));
    }
  }

  private static void send(
      OneInputStreamOperatorTestHarness<CustomerEvent, CustomerEvent> h, CustomerEvent e)
      throws Exception {
    h.processElement(new StreamRecord<>(e, e.header().ts()));
  }

  private static List<String> emitted(
      OneInputStreamOperatorTestHarness<CustomerEvent, CustomerEvent> h) {
    return h.extractOutputStreamRecords().stream()
        .map(
            r ->
                r.getValue().kind().wireName()
                    + ":"
                    + r.getValue().header().eventId()
                    + "@"
                    + r.getTimestamp())
        .toList();
  }

  private static EventHeader header(String id, long ts) {
    return new EventHeader(
        id, 1, ts, new CustomerIds("M1", null, null, null), "mini_program", null, null);
  }

  private static CustomerEvent follow(String id, long ts) {
    return CustomerEvent.of(
        new InteractionEvent(header(id, ts), InteractionType.FOLLOW, null, null, null, null));
  }

  private static CustomerEvent scan(String id, long ts) {
    return CustomerEvent.of(
        new ScanEvent(header(id, ts), "CODE1", null, null, null, null, null, null));
  }
}
