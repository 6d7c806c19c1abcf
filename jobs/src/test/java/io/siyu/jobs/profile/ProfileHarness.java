package io.siyu.jobs.profile;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.records.CustomerEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The profile function in a keyed operator harness with conf/local.yaml's thresholds, and the reads
 * the profile tests make of it: outputs, side outputs and per-customer state.
 */
abstract class ProfileHarness {
  protected KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, ProfileUpdate> h;
  private KeyedProcessOperator<String, CustomerEvent, ProfileUpdate> operator;

  @BeforeEach
  void open() throws Exception {
    operator =
        new KeyedProcessOperator<>(new ProfileFunction(TestFixtures.localConfig().profile()));
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, new ProfileKeySelector(), Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  /** Processes an event stamped with its own event time. */
  void send(CustomerEvent e) throws Exception {
    h.processElement(new StreamRecord<>(e, e.header().ts()));
  }

  List<LifecycleTransition> transitions() {
    return h.getSideOutput(ProfileFunction.TRANSITIONS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  /** The tag changes emitted so far for one tag. */
  List<TagChange> tagChanges(String tag) {
    var out = h.getSideOutput(ProfileFunction.TAG_CHANGES);
    if (out == null) {
      return List.of(); // the harness has no queue for a side output never written to
    }
    return out.stream().map(StreamRecord::getValue).filter(c -> c.tag().equals(tag)).toList();
  }

  ProfileUpdate lastUpdate() {
    List<ProfileUpdate> out = h.extractOutputValues();
    return out.get(out.size() - 1);
  }

  /** One customer's state as stored, or null. */
  ProfileState state(String key) throws Exception {
    operator.setCurrentKey(key);
    return operator.getKeyedStateStore().getState(ProfileFunction.stateDescriptor()).value();
  }
}
