package io.siyu.jobs.profile;

import static io.siyu.jobs.profile.Events.T0;
import static io.siyu.jobs.profile.Events.follow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.CustomerKey;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.records.CustomerEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The identifier histories' input buffer: held until the watermark, kept across a rescale. */
class MemberHistoryOperatorTest {
  private static final int KEY_GROUPS = 128;
  private final JobConfig config = TestFixtures.localConfig();

  private KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, MemberUpdate> harness(
      int parallelism, int subtask) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new MemberHistoryOperator(new MemberProfileFunction(config.profile(), config.campaigns())),
        IdentityMessage::memberKey,
        Types.STRING,
        KEY_GROUPS,
        parallelism,
        subtask);
  }

  private static IdentityMessage eventOf(CustomerEvent e) {
    String key = CustomerKey.of(e.header().ids());
    return IdentityMessage.event(key, key, e, null);
  }

  @Test
  void heldMessagesSurviveARescaleAndAreAppliedOnceByTheirKeysSubtask() throws Exception {
    List<String> members = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var one = harness(1, 0)) {
      one.open();
      for (int i = 0; i < 40; i++) {
        CustomerEvent e = follow("m" + i, T0 + i);
        members.add(CustomerKey.of(e.header().ids()));
        one.processElement(new StreamRecord<>(eventOf(e), T0 + i));
      }
      one.processWatermark(T0 + 9);
      assertEquals(10, applied(one).size(), "only what the watermark passed");
      snapshot = one.snapshot(1, 1);
    }
    List<String> applied = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var part = harness(2, subtask)) {
        part.setup();
        part.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, KEY_GROUPS, 1, 2, subtask));
        part.open();
        part.processWatermark(T0 + 100);
        List<String> mine = applied(part);
        assertTrue(mine.size() < 30, "a share, not everything: " + mine.size());
        applied.addAll(mine);
      }
    }
    applied.sort(null);
    List<String> expected = new ArrayList<>(members.subList(10, 40));
    expected.sort(null);
    assertEquals(expected, applied, "each held message applied once, after the rescale");
  }

  private static List<String> applied(
      KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, MemberUpdate> h) {
    var out = h.getSideOutput(MemberProfileFunction.ACCEPTED);
    return out == null ? List.of() : out.stream().map(r -> r.getValue().customerId()).toList();
  }
}
