package io.siyu.jobs.journey;

import static io.siyu.jobs.journey.JourneyFixtures.HOUR;
import static io.siyu.jobs.journey.JourneyFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frequency cap in a keyed harness: decisions wait for the watermark and follow (time,
 * priority, id) whatever the arrival order; the end of a bounded input fires no timeout.
 */
class FrequencyCapFunctionTest {
  private KeyedOneInputStreamOperatorTestHarness<String, JourneyTrigger, JourneyTrigger> h;
  private WriteBackKeyedProcessOperator<String, JourneyTrigger, JourneyTrigger> operator;

  @BeforeEach
  void open() throws Exception {
    JobConfig config = TestFixtures.localConfig("journeys.daily-cap=1");
    operator =
        new WriteBackKeyedProcessOperator<>(
            new FrequencyCapFunction(config.journeys(), config.zone(), 100));
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, JourneyTrigger::customerId, Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  private static JourneyTrigger trigger(String journey, int priority, long at, String cause) {
    return new JourneyTrigger(
        journey + "-" + at,
        journey,
        "m:a",
        "m:a",
        at,
        cause,
        "e",
        at,
        null,
        null,
        null,
        null,
        "tpl",
        "wecom",
        null,
        priority,
        false,
        JourneyTrigger.PENDING,
        null,
        at);
  }

  private void send(JourneyTrigger t) throws Exception {
    h.processElement(new StreamRecord<>(t, t.firedAt()));
  }

  private List<String> decisions() {
    return h.extractOutputValues().stream()
        .map(
            t ->
                t.journeyId()
                    + " "
                    + t.status()
                    + (t.capReason() == null ? "" : "/" + t.capReason()))
        .toList();
  }

  @Test
  void decidesInPriorityOrderWhateverTheArrivalOrder() throws Exception {
    send(trigger("win-back", 5, T0, JourneyTrigger.CAUSE_EVENT));
    send(trigger("cart-abandoned", 2, T0, JourneyTrigger.CAUSE_TIMEOUT));
    assertEquals(List.of(), decisions(), "nothing before the watermark passes");
    h.processWatermark(T0);
    assertEquals(List.of("cart-abandoned sent", "win-back capped/daily_cap"), decisions());
    assertEquals(0, h.numEventTimeTimers());
  }

  @Test
  void theEndOfABoundedInputDropsTimeoutsButDecidesTriggersOfRealEvents() throws Exception {
    send(trigger("cart-abandoned", 2, T0 + HOUR, JourneyTrigger.CAUSE_TIMEOUT));
    send(trigger("referral-reward", 0, T0 + HOUR, JourneyTrigger.CAUSE_EVENT));
    h.processWatermark(Long.MAX_VALUE);
    assertEquals(List.of("referral-reward sent"), decisions());
    operator.setCurrentKey("m:a");
    operator.flush();
    assertEquals(
        0,
        operator
            .getKeyedStateStore()
            .getState(FrequencyCapFunction.stateDescriptor())
            .value()
            .pending
            .length,
        "nothing left pending");
  }
}
