package io.siyu.jobs.profile;

import io.siyu.jobs.TestFixtures;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.CustomerKey;
import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.identity.IdentityResolver;
import io.siyu.jobs.identity.LinkScreen;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import io.siyu.jobs.time.EventTimeOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The profile pipeline as it runs in the job — link screen → (event-time order → identity graph,
 * for the events that need it) → identifier histories → customer profile — as operator harnesses
 * wired output to input, with conf/local.yaml's thresholds; and the reads the profile tests make of
 * it: outputs, side outputs, state, timers.
 */
abstract class ProfileHarness {
  /** What decides which events the graph sees. */
  protected KeyedOneInputStreamOperatorTestHarness<String, CustomerEvent, IdentityMessage> screen;

  /** The event-time order in front of the resolver. */
  protected OneInputStreamOperatorTestHarness<CustomerEvent, CustomerEvent> order;

  protected KeyedOneInputStreamOperatorTestHarness<Integer, CustomerEvent, IdentityMessage>
      identity;
  protected KeyedOneInputStreamOperatorTestHarness<String, IdentityMessage, MemberUpdate> members;

  /** The customer profile operator, whose outputs the tests read. */
  protected KeyedOneInputStreamOperatorTestHarness<String, MemberUpdate, ProfileUpdate> h;

  private MemberHistoryOperator memberOperator;
  private WriteBackKeyedProcessOperator<String, MemberUpdate, ProfileUpdate> profileOperator;
  private int screenRead;
  private int orderRead;
  private int identityRead;
  private int membersRead;
  private long watermark = Long.MIN_VALUE;

  /**
   * When set, the customer profile receives the updates of each watermark step in reverse order —
   * as when a customer's identifiers live on different upstream subtasks and their channels
   * interleave differently.
   */
  protected boolean reverseUpdatesBetweenWatermarks;

  private final List<StreamRecord<MemberUpdate>> inFlight = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    JobConfig config = TestFixtures.localConfig();
    screen =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new WriteBackKeyedProcessOperator<>(
                new LinkScreen(config.profile().stateCacheEntries())),
            e -> CustomerKey.of(e.header().ids()),
            Types.STRING);
    order = new OneInputStreamOperatorTestHarness<>(new EventTimeOrder());
    identity =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new IdentityResolver(
                    config.profile().identity().maxIdsPerCustomer(),
                    config.profile().stateCacheEntries())),
            e -> IdentityResolver.THE_GRAPH,
            Types.INT);
    memberOperator =
        new MemberHistoryOperator(new MemberProfileFunction(config.profile(), config.campaigns()));
    members =
        new KeyedOneInputStreamOperatorTestHarness<>(
            memberOperator, IdentityMessage::memberKey, Types.STRING);
    profileOperator =
        new WriteBackKeyedProcessOperator<>(
            new CustomerProfileFunction(config.profile(), config.campaigns()));
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            profileOperator, MemberUpdate::canonical, Types.STRING);
    screen.open();
    order.open();
    identity.open();
    members.open();
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    screen.close();
    order.close();
    identity.close();
    members.close();
    h.close();
  }

  /**
   * Processes an event stamped with its own event time and lets event time reach it: the watermark
   * moves to its time (or 1 ms past the watermark, for an event at or behind it), which releases it
   * from the event-time order and through all three operators.
   */
  void send(CustomerEvent e) throws Exception {
    hold(e);
    watermark(Math.max(e.header().ts(), watermark + 1));
  }

  /** Processes an event without moving the watermark: it waits for event time. */
  void hold(CustomerEvent e) throws Exception {
    screen.processElement(new StreamRecord<>(e, e.header().ts()));
    forward();
  }

  /** Advances the watermark through all five operators, as Flink does. */
  void watermark(long t) throws Exception {
    watermark = Math.max(watermark, t);
    screen.processWatermark(t);
    forward();
    order.processWatermark(t);
    forward();
    identity.processWatermark(t);
    forward();
    members.processWatermark(t);
    forward();
    for (int i = inFlight.size() - 1; i >= 0; i--) {
      h.processElement(inFlight.get(i));
    }
    inFlight.clear();
    h.processWatermark(t);
  }

  /** Copies a record as Flink would ship it between operators (serializer copy, no Kryo). */
  private static <T> T shipped(Class<T> type, T value) {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    return TypeInformation.of(type).createSerializer(noKryo).copy(value);
  }

  private void forward() throws Exception {
    var toGraph = screen.getSideOutput(LinkScreen.TO_GRAPH);
    while (toGraph != null && !toGraph.isEmpty()) {
      var r = toGraph.poll();
      order.processElement(
          new StreamRecord<>(shipped(CustomerEvent.class, r.getValue()), r.getTimestamp()));
    }
    List<StreamRecord<? extends IdentityMessage>> past = screen.extractOutputStreamRecords();
    for (; screenRead < past.size(); screenRead++) {
      var r = past.get(screenRead);
      members.processElement(
          new StreamRecord<>(shipped(IdentityMessage.class, r.getValue()), r.getTimestamp()));
    }
    List<StreamRecord<? extends CustomerEvent>> ordered = order.extractOutputStreamRecords();
    for (; orderRead < ordered.size(); orderRead++) {
      var r = ordered.get(orderRead);
      identity.processElement(
          new StreamRecord<>(shipped(CustomerEvent.class, r.getValue()), r.getTimestamp()));
    }
    List<StreamRecord<? extends IdentityMessage>> messages = identity.extractOutputStreamRecords();
    for (; identityRead < messages.size(); identityRead++) {
      var r = messages.get(identityRead);
      members.processElement(
          new StreamRecord<>(shipped(IdentityMessage.class, r.getValue()), r.getTimestamp()));
    }
    List<StreamRecord<? extends MemberUpdate>> updates = members.extractOutputStreamRecords();
    for (; membersRead < updates.size(); membersRead++) {
      var r = updates.get(membersRead);
      var shipped = new StreamRecord<>(shipped(MemberUpdate.class, r.getValue()), r.getTimestamp());
      if (reverseUpdatesBetweenWatermarks) {
        inFlight.add(shipped);
      } else {
        h.processElement(shipped);
      }
    }
  }

  List<LifecycleTransition> transitions() {
    var out = h.getSideOutput(CustomerProfileFunction.TRANSITIONS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  /** The tag changes emitted so far for one tag. */
  List<TagChange> tagChanges(String tag) {
    var out = h.getSideOutput(CustomerProfileFunction.TAG_CHANGES);
    if (out == null) {
      return List.of(); // the harness has no queue for a side output never written to
    }
    return out.stream().map(StreamRecord::getValue).filter(c -> c.tag().equals(tag)).toList();
  }

  List<ProfileUpdate> updates(String key) {
    return h.extractOutputValues().stream().filter(u -> u.customerKey().equals(key)).toList();
  }

  ProfileUpdate lastUpdate() {
    List<ProfileUpdate> out = h.extractOutputValues();
    return out.get(out.size() - 1);
  }

  /** One customer's profile state as stored (after the write-back a checkpoint does), or null. */
  CustomerState state(String key) throws Exception {
    profileOperator.flush();
    profileOperator.setCurrentKey(key);
    return profileOperator
        .getKeyedStateStore()
        .getState(CustomerProfileFunction.stateDescriptor())
        .value();
  }

  /** One customer's merged history (what the models see), or null. */
  MemberHistory history(String key) throws Exception {
    CustomerState s = state(key);
    return s == null ? null : MemberHistory.merge(s.members);
  }

  /** One identifier's own history as stored, or null. */
  MemberHistory memberState(String key) throws Exception {
    memberOperator.flush();
    memberOperator.setCurrentKey(key);
    return memberOperator
        .getKeyedStateStore()
        .getState(MemberProfileFunction.stateDescriptor())
        .value();
  }
}
