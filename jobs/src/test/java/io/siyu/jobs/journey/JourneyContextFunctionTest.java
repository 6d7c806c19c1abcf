package io.siyu.jobs.journey;

import static io.siyu.jobs.journey.JourneyFixtures.HOUR;
import static io.siyu.jobs.journey.JourneyFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.siyu.jobs.records.ResolvedEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journeys' first operator in a keyed harness: event-time order, history ("seen before",
 * channel, guide), re-sent events, late events recorded and counted, and its state and timers.
 */
class JourneyContextFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, JourneyInput, JourneyEvent> h;
  private KeyedProcessOperator<String, JourneyInput, JourneyEvent> operator;

  @BeforeEach
  void open() throws Exception {
    operator =
        new KeyedProcessOperator<>(
            new JourneyContextFunction(List.of("wecom", "wechat_oa", "mini_program")));
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, JourneyInput::customerId, Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  private void send(ResolvedEvent e) throws Exception {
    h.processElement(new StreamRecord<>(JourneyInput.of(e), e.event().header().ts()));
  }

  @Test
  void aMergeNoticeComesLastAtItsInstant() throws Exception {
    long t = T0 + HOUR;
    var notice = JourneyFixtures.merged("a", "b", t); // its id sorts before the events' ids
    h.processElement(new StreamRecord<>(JourneyInput.of(notice), t));
    send(JourneyFixtures.cart("a", t));
    h.processElement(
        new StreamRecord<>(JourneyInput.of(JourneyFixtures.atRisk("a", t)), t)); // "lifecycle:…"
    h.processWatermark(t);
    assertEquals(
        List.of("add_to_cart", "lifecycle", EventKinds.MERGED),
        h.extractOutputValues().stream().map(JourneyEvent::kind).toList());
  }

  @Test
  void eventsComeOutInEventTimeOrderWhenTheWatermarkPassesThemWithTheirHistory() throws Exception {
    ResolvedEvent paid = JourneyFixtures.paid("a", T0 + 2 * HOUR);
    ResolvedEvent follow = JourneyFixtures.follow("a", T0);
    ResolvedEvent cart = JourneyFixtures.cart("a", T0 + HOUR);
    send(paid);
    send(follow);
    send(cart);
    assertEquals(List.of(), h.extractOutputValues(), "held until the watermark passes");
    assertEquals(3, h.numEventTimeTimers());
    h.processWatermark(T0 + 2 * HOUR);
    List<JourneyEvent> out = h.extractOutputValues();
    assertEquals(
        List.of("follow", "add_to_cart", "purchase"),
        out.stream().map(JourneyEvent::kind).toList());
    assertEquals(0L, out.get(0).seenBefore());
    long followBit = 1L << EventKinds.bit("follow");
    assertEquals(followBit, out.get(1).seenBefore());
    assertEquals("wechat_oa", out.get(0).contactChannel());
    assertEquals("mini_program", out.get(1).contactChannel());
    assertEquals("mini_program", out.get(2).contactChannel(), "store_pos is not a contact channel");
    assertEquals("G7", out.get(2).guideId());
    assertEquals(0, h.numEventTimeTimers(), "no timer left");
    operator.setCurrentKey("m:a");
    assertEquals(
        false,
        operator
            .getKeyedStateStore()
            .getMapState(JourneyContextFunction.bufferDescriptor())
            .iterator()
            .hasNext(),
        "the buffer is empty once the watermark passed");
  }

  @Test
  void aLateEventIsRecordedAndCountsAsSeenButReachesNoPattern() throws Exception {
    send(JourneyFixtures.cart("a", T0 + HOUR));
    h.processWatermark(T0 + HOUR);
    send(JourneyFixtures.scan("a", T0));
    assertEquals(1, h.extractOutputValues().size());
    List<LateEvent> late =
        h.getSideOutput(JourneyContextFunction.LATE).stream().map(StreamRecord::getValue).toList();
    assertEquals(1, late.size());
    assertEquals(new LateEvent("m:a", "scan", late.get(0).eventId(), T0, T0 + HOUR), late.get(0));
    send(JourneyFixtures.scan("a", T0 + 2 * HOUR));
    h.processWatermark(T0 + 2 * HOUR);
    JourneyEvent next = h.extractOutputValues().get(1);
    assertEquals(
        true, next.seenAnyOf(1L << EventKinds.bit("scan")), "the late scan still counts as seen");
  }

  @Test
  void aReSentEventIsDroppedOnce() throws Exception {
    ResolvedEvent cart = JourneyFixtures.cart("a", T0);
    send(cart);
    send(cart);
    h.processWatermark(T0);
    assertEquals(1, h.extractOutputValues().size());
    assertNull(h.getSideOutput(JourneyContextFunction.LATE));
  }
}
