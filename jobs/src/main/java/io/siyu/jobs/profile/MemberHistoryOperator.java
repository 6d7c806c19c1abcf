package io.siyu.jobs.profile;

import io.siyu.jobs.identity.IdentityMessage;
import io.siyu.jobs.state.WriteBackKeyedProcessOperator;
import io.siyu.jobs.time.EventTimeBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs {@link MemberProfileFunction} on its input put back into the order identity resolution
 * decided it. The input comes on two paths — events that went past the identity graph, and what the
 * graph sent (re-points, credits, the events it linked) — which interleave in no fixed order; each
 * message is held until the watermark passes its record timestamp, then applied in the order of
 * (record timestamp, {@link IdentityMessage#ORDER}). So a re-point is applied before the later
 * events of its identifier however late the graph's output arrives, and every identifier's history
 * is a function of the records.
 *
 * <p>Why one buffer in memory for the operator rather than keyed state and a timer per identifier:
 * the held messages are those of the last watermark interval (seconds), and draining a sorted map
 * on each watermark costs no state access and no timer per message. The buffer is checkpointed as
 * union operator state; after a restore, each subtask keeps the messages of its own key groups, so
 * rescaling works.
 */
public final class MemberHistoryOperator
    extends WriteBackKeyedProcessOperator<String, IdentityMessage, MemberUpdate> {
  private static final long serialVersionUID = 1L;

  private transient EventTimeBuffer<IdentityMessage> pending;
  private transient ListState<TimedMessage> checkpointed;
  private transient Counter late;

  public MemberHistoryOperator(MemberProfileFunction function) {
    super(function);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "messages-before-watermark", TypeInformation.of(TimedMessage.class)));
    pending = new EventTimeBuffer<>(IdentityMessage.ORDER);
    TaskInfo task = getRuntimeContext().getTaskInfo();
    int keyGroups = task.getMaxNumberOfParallelSubtasks();
    KeyGroupRange mine =
        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            keyGroups, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
    for (TimedMessage t : checkpointed.get()) {
      if (mine.contains(
          KeyGroupRangeAssignment.assignToKeyGroup(t.message().memberKey(), keyGroups))) {
        pending.hold(t.at(), t.message());
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    late = getMetricGroup().counter("lateAtHistories");
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<TimedMessage> all = new ArrayList<>();
    pending.forEach((at, m) -> all.add(new TimedMessage(at, m)));
    checkpointed.update(all);
  }

  @Override
  public void processElement(StreamRecord<IdentityMessage> record) {
    long at = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
    if (!pending.hold(at, record.getValue())) {
      // Only after an idle partition came back (as at the graph's own input order): applied
      // just after the watermark, and counted.
      late.inc();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    StreamRecord<IdentityMessage> reuse = new StreamRecord<>(null);
    pending.release(
        mark.getTimestamp(),
        (at, m) -> {
          setCurrentKey(m.memberKey());
          super.processElement(reuse.replace(m, at));
        });
    super.processWatermark(mark);
  }

  /** A message not yet passed by the watermark, with its record timestamp (operator state). */
  public record TimedMessage(long at, IdentityMessage message) {}
}
