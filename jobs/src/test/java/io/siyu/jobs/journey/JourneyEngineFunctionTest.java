package io.siyu.jobs.journey;

import static io.siyu.jobs.journey.JourneyFixtures.DAY;
import static io.siyu.jobs.journey.JourneyFixtures.HOUR;
import static io.siyu.jobs.journey.JourneyFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.records.ResolvedEvent;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journeys' operator in a keyed harness, with the shipped journey file: event-time order and
 * history ("seen before", channel), re-sent and late events, and what it keeps per customer — one
 * state value and one timer, whatever the number of events and open journeys.
 */
class JourneyEngineFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, JourneyInput, JourneyTrigger> h;
  private WriteBackKeyedProcessOperator<String, JourneyInput, JourneyTrigger> operator;

  @BeforeEach
  void open() throws Exception {
    JobConfig config = TestFixtures.localConfig();
    operator =
        new WriteBackKeyedProcessOperator<>(
            new JourneyEngineFunction(config.journeys(), config.campaigns(), 100));
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

  /** The triggers by firing time (emission order is not the contract: the cap orders them). */
  private List<String> fired() {
    return h.extractOutputValues().stream()
        .sorted(java.util.Comparator.comparingLong(JourneyTrigger::firedAt))
        .map(t -> t.journeyId() + "@" + (t.firedAt() - T0) / HOUR + "h/" + t.channel())
        .toList();
  }

  private CustomerJourneys state(String member) throws Exception {
    operator.setCurrentKey(JourneyFixtures.key(member));
    operator.flush();
    return operator.getKeyedStateStore().getState(JourneyEngineFunction.stateDescriptor()).value();
  }

  @Test
  void aMergeNoticeComesLastAtItsInstant() throws Exception {
    long t = T0 + HOUR;
    var notice = JourneyFixtures.merged("a", "b", t); // its id sorts before the events' ids
    h.processElement(new StreamRecord<>(JourneyInput.of(notice), t));
    send(JourneyFixtures.cart("a", t));
    h.processWatermark(T0 + 10 * DAY);
    // Had the notice come first, the cart would have opened after it and been reminded.
    assertEquals(List.of(), fired());
    assertEquals(0, state("a").openJourney.length);
  }

  @Test
  void eventsAreTakenInEventTimeOrderWithTheirHistoryUnderOneTimer() throws Exception {
    send(JourneyFixtures.cart("a", T0 + 2 * HOUR)); // channel mini_program
    send(JourneyFixtures.follow("a", T0)); // channel wechat_oa, first contact
    send(JourneyFixtures.scan("a", T0 + HOUR)); // not the first contact any more
    assertEquals(List.of(), fired(), "held until the watermark passes");
    assertEquals(1, h.numEventTimeTimers(), "one timer per customer");
    assertEquals(3, state("a").pending.length);
    h.processWatermark(T0 + 2 * HOUR);
    assertEquals(0, state("a").pending.length, "the buffer is empty once the watermark passed");
    // Open now: welcome (follow, 24 h), scan-no-purchase (7 d), cart-abandoned (2 h).
    assertEquals(3, state("a").openJourney.length);
    assertEquals(1, h.numEventTimeTimers(), "still one: at the earliest time limit");
    h.processWatermark(T0 + 30 * DAY);
    assertEquals(
        List.of(
            "cart-abandoned@4h/mini_program",
            "welcome@24h/wechat_oa",
            "scan-no-purchase@169h/wechat_oa"),
        fired(),
        "the welcome is the follow's (the scan was not a first contact); channels as of each entry");
    assertEquals(0, h.numEventTimeTimers(), "no timer left");
  }

  @Test
  void aLateEventIsRecordedAndCountsAsSeenButReachesNoJourney() throws Exception {
    send(JourneyFixtures.cart("a", T0 + HOUR));
    h.processWatermark(T0 + HOUR);
    send(JourneyFixtures.follow("a", T0)); // late: no welcome from it
    List<LateEvent> late =
        h.getSideOutput(JourneyEngineFunction.LATE).stream().map(StreamRecord::getValue).toList();
    assertEquals(1, late.size());
    assertEquals(new LateEvent("m:a", "follow", late.get(0).eventId(), T0, T0 + HOUR), late.get(0));
    send(JourneyFixtures.follow("a", T0 + 2 * HOUR)); // not the first follow: no welcome either
    h.processWatermark(T0 + 30 * DAY);
    assertEquals(List.of("cart-abandoned@3h/mini_program"), fired());
  }

  @Test
  void aReSentEventIsDroppedOnce() throws Exception {
    ResolvedEvent cart = JourneyFixtures.cart("a", T0);
    send(cart);
    send(cart);
    assertEquals(1, state("a").pending.length);
    h.processWatermark(T0 + 30 * DAY);
    assertEquals(List.of("cart-abandoned@2h/mini_program"), fired());
    assertNull(h.getSideOutput(JourneyEngineFunction.LATE));
  }

  @Test
  void aPurchaseClosesTheOpenJourneysItAnswers() throws Exception {
    send(JourneyFixtures.cart("a", T0));
    send(JourneyFixtures.paid("a", T0 + HOUR));
    h.processWatermark(T0 + HOUR);
    CustomerJourneys s = state("a");
    assertEquals(List.of("second-purchase"), List.of(s.openJourney), "the cart was answered");
    assertTrue(s.timer == T0 + HOUR + 30 * DAY, "its one timer is the 30-day limit");
  }
}
