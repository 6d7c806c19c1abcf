package io.siyu.jobs.ingest;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.DeadLetter;
import io.siyu.jobs.records.DeadLetterReason;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.records.StreamKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the ingested stream: valid events go on, dead letters go to {@link #DEAD_LETTERS}. Counts
 * both as Flink metrics: {@code events.<stream>} and {@code deadLetters.<REASON>} (plus {@code
 * deadLetters.total}), so a rise in bad input shows on dashboards and alerts.
 */
public final class DeadLetterRouter extends ProcessFunction<Ingested, CustomerEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private transient Map<StreamKind, Counter> eventCounters;
  private transient Map<DeadLetterReason, Counter> deadLetterCounters;
  private transient Counter deadLetterTotal;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
    MetricGroup group = getRuntimeContext().getMetricGroup();
    MetricGroup events = group.addGroup("events");
    eventCounters = new EnumMap<>(StreamKind.class);
    for (StreamKind k : StreamKind.values()) {
      eventCounters.put(k, events.counter(k.wireName()));
    }
    MetricGroup dead = group.addGroup("deadLetters");
    deadLetterCounters = new EnumMap<>(DeadLetterReason.class);
    for (DeadLetterReason r : DeadLetterReason.values()) {
      deadLetterCounters.put(r, dead.counter(r.name()));
    }
    deadLetterTotal = dead.counter("total");
  }

  @Override
  public void processElement(Ingested in, Context ctx, Collector<CustomerEvent> out) {
    if (in.isValid()) {
      eventCounters.get(in.event().kind()).inc();
      out.collect(in.event());
    } else {
      deadLetterCounters.get(in.deadLetter().reason()).inc();
      deadLetterTotal.inc();
      ctx.output(DEAD_LETTERS, in.deadLetter());
    }
  }
}
