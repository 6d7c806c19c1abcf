package io.siyu.jobs.time;

import io.siyu.jobs.records.Ingested;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import org.apache.flink.util.OutputTag;

/**
 * Makes event time a function of the records alone (README "Event time"). Chained right after the
 * Kafka source, it keeps, per input partition, the largest event time read so far, and decides:
 *
 * <ul>
 *   <li><b>Lateness, per partition</b>: an event is late when its time is at or behind its
 *       partition's watermark ({@code max so far − max-out-of-orderness − 1}). That depends only on
 *       the partition's own record order, so live and replay, fast or slow, at any parallelism,
 *       decide the same. A late event is not dropped: its record timestamp becomes its partition's
 *       position ({@code watermark + 1}), which downstream steps order it by; it is recorded
 *       ({@link #LATE}) and counted ({@code lateEvents}). Its own {@code ts} stays in the event.
 *   <li><b>The end of a bounded input</b>: instead of Flink's final {@code Long.MAX_VALUE}, event
 *       time stops at the watermark a live run would stand at after the same records: the smallest
 *       over the partitions (with a valid event) of their watermark. Every timer up to it fires,
 *       none after it. Each subtask emits the smallest over its own partitions; Flink's minimum
 *       over the subtasks gives the minimum over all partitions.
 *   <li>In bounded mode, a partition that reached its end no longer holds back Flink's watermark;
 *       the gate still does (it caps the watermark at its partitions' minimum), so a replay never
 *       runs ahead of where the rule above would end.
 * </ul>
 *
 * <p>Why an operator and not a {@code WatermarkGenerator}: per-split generators are not
 * checkpointed, so after a restore a partition's position would start from scratch and lateness
 * (and the end) would depend on where the failure happened. The positions are union operator state:
 * every subtask gets all of them on restore (a rescaled live job judges a moved partition against
 * its real position), and at the same parallelism each subtask keeps the ownership of the
 * partitions it read, which Kafka assigns to it again.
 */
public final class EventTimeGate extends AbstractStreamOperator<Ingested>
    implements OneInputStreamOperator<Ingested, Ingested> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<LateRecord> LATE =
      new OutputTag<>("late-events", TypeInformation.of(LateRecord.class));

  private final long outOfOrdernessMs;
  private final boolean bounded;

  private transient Map<Long, Long> maxTs;
  private transient Set<Long> owned;
  private transient ListState<PartitionClock> clocks;
  private transient long emitted;
  private transient Counter late;

  public EventTimeGate(long outOfOrdernessMs, boolean bounded) {
    this.outOfOrdernessMs = outOfOrdernessMs;
    this.bounded = bounded;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    clocks =
        context
            .getOperatorStateStore()
            .getUnionListState(
                new ListStateDescriptor<>(
                    "partition-clocks", TypeInformation.of(PartitionClock.class)));
    maxTs = new HashMap<>();
    owned = new HashSet<>();
    emitted = Long.MIN_VALUE;
    int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    for (PartitionClock c : clocks.get()) {
      maxTs.merge(c.partitionKey(), c.maxTs(), Math::max);
      if (c.owner() == me && c.parallelism() == parallelism) {
        owned.add(c.partitionKey());
      }
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    late = getMetricGroup().counter("lateEvents");
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    int me = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    clocks.clear();
    for (Long key : owned) {
      clocks.add(new PartitionClock(key, maxTs.get(key), me, parallelism));
    }
  }

  @Override
  public void processElement(StreamRecord<Ingested> record) {
    Ingested in = record.getValue();
    if (!in.isValid()) {
      output.collect(record);
      return;
    }
    long ts = in.event().header().ts();
    long key = partitionKey(in);
    owned.add(key);
    Long max = maxTs.get(key);
    long watermark = max == null ? Long.MIN_VALUE : watermarkOf(max);
    if (ts <= watermark) {
      late.inc();
      long effective = watermark + 1;
      output.collect(
          LATE,
          new StreamRecord<>(
              new LateRecord(
                  in.event().kind().wireName(),
                  in.partition(),
                  in.offset(),
                  in.event().header().eventId(),
                  ts,
                  effective),
              effective));
      output.collect(record.replace(in, effective));
      return;
    }
    if (max == null || ts > max) {
      maxTs.put(key, ts);
    }
    output.collect(record.replace(in, ts));
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (!bounded) {
      super.processWatermark(mark);
      return;
    }
    long position = ownedPosition();
    long next = Math.min(mark.getTimestamp(), position);
    if (next > emitted) {
      emitted = next;
      super.processWatermark(new Watermark(next));
    }
  }

  /** The smallest watermark over this subtask's partitions; no partitions hold nothing back. */
  private long ownedPosition() {
    long min = Long.MAX_VALUE;
    for (Long key : owned) {
      min = Math.min(min, watermarkOf(maxTs.get(key)));
    }
    return min;
  }

  private long watermarkOf(long max) {
    return max - outOfOrdernessMs - 1;
  }

  private static long partitionKey(Ingested in) {
    return ((long) in.event().kind().ordinal() << 32) | (in.partition() & 0xffffffffL);
  }
}
