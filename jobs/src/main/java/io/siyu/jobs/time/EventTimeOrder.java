package io.siyu.jobs.time;

import io.siyu.jobs.records.CustomerEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Puts the events of all partitions into one event-time order before identity resolution: each
 * event is held until the watermark passes its record timestamp, then emitted in the order of
 * (record timestamp, event id, stream), followed by the watermark. Identity links therefore take
 * effect in event-time order, and everything after the resolver receives, per channel, records in
 * that order with all records up to a watermark ahead of it — so which events belong to which
 * customer at which moment, and the order every later step sees, are functions of the records alone
 * (README "Event time").
 *
 * <p>Why an operator of our own: Flink's DataStream API has no event-time sort (Flink SQL's {@code
 * ORDER BY rowtime} does this with keyed state and one timer per timestamp); here the buffer is one
 * sorted map in memory, checkpointed as operator state, and drained on each watermark — no timers,
 * no state access per event. It runs where the resolver runs: at parallelism 1.
 *
 * <p>Late events: the {@link EventTimeGate} already places an event that is late in its partition
 * at its partition's position, which is never behind the watermark here. An event can only reach
 * this operator behind its watermark when a live partition came back after being idle; it is then
 * placed at the watermark + 1 ms and counted ({@code lateAtIdentity}) — the one place where
 * wall-clock time (the idle timeout) shows.
 */
public final class EventTimeOrder extends AbstractStreamOperator<CustomerEvent>
    implements OneInputStreamOperator<CustomerEvent, CustomerEvent> {
  private static final long serialVersionUID = 1L;

  /** Ties at one timestamp: by event id, then stream (an id may repeat across streams). */
  public static final Comparator<CustomerEvent> TIES =
      Comparator.comparing((CustomerEvent e) -> e.header().eventId())
          .thenComparing(CustomerEvent::kind);

  private transient EventTimeBuffer<CustomerEvent> pending;
  private transient ListState<TimedEvent> checkpointed;
  private transient Counter late;

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    checkpointed =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "events-before-watermark", TypeInformation.of(TimedEvent.class)));
    pending = new EventTimeBuffer<>(TIES);
    for (TimedEvent e : checkpointed.get()) {
      pending.hold(e.at(), e.event());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    late = getMetricGroup().counter("lateAtIdentity");
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<TimedEvent> all = new ArrayList<>();
    pending.forEach((at, e) -> all.add(new TimedEvent(at, e)));
    checkpointed.update(all);
  }

  @Override
  public void processElement(StreamRecord<CustomerEvent> record) {
    long at = record.hasTimestamp() ? record.getTimestamp() : record.getValue().header().ts();
    if (!pending.hold(at, record.getValue())) {
      late.inc();
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    StreamRecord<CustomerEvent> reuse = new StreamRecord<>(null);
    pending.release(mark.getTimestamp(), (at, e) -> output.collect(reuse.replace(e, at)));
    super.processWatermark(mark);
  }

  /** An event not yet passed by the watermark, with its record timestamp (operator state). */
  public record TimedEvent(long at, CustomerEvent event) {}
}
