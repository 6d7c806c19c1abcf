package io.siyu.jobs.journey;

import io.siyu.jobs.JobEnvironment;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.identity.CustomerMerge;
import io.siyu.jobs.profile.LifecycleTransition;
import io.siyu.jobs.records.ResolvedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the journey pipeline ({@link JourneyJob}, the shipped journey file) on the test's mini
 * cluster at parallelism 2, over events in the order given. Each event moves the watermark to its
 * own time minus 1 ms (punctuated), so an event behind an earlier one is late, exactly as a test
 * writes it. With {@code flush}, one last page view of another customer far in the future moves the
 * watermark past every time limit before the input ends (CEP tests' "late-timestamp event");
 * without it, only the end-of-input watermark remains, which must fire no timeout.
 */
final class JourneyRun {
  static final long FLUSH_AT = JourneyFixtures.T0 + 400 * JourneyFixtures.DAY;

  /** Every decided trigger (sent and capped) and every late event. */
  record Result(List<JourneyTrigger> triggers, List<LateEvent> late) {
    /**
     * "journey customer firedAt status[/reason]" per trigger, by firing time, then journey and
     * customer (subtasks emit in no fixed order across customers).
     */
    List<String> summary() {
      return triggers.stream()
          .sorted(
              Comparator.comparingLong(JourneyTrigger::firedAt)
                  .thenComparing(JourneyTrigger::journeyId)
                  .thenComparing(JourneyTrigger::customerId))
          .map(
              t ->
                  t.journeyId()
                      + " "
                      + t.customerId()
                      + " "
                      + (t.firedAt() - JourneyFixtures.T0) / JourneyFixtures.MINUTE
                      + "min "
                      + t.status()
                      + (t.capReason() == null ? "" : "/" + t.capReason()))
          .toList();
    }

    List<String> summary(String journey) {
      return summary().stream().filter(s -> s.startsWith(journey + " ")).toList();
    }
  }

  private JourneyRun() {}

  static Result run(JobConfig config, List<ResolvedEvent> events, boolean flush) throws Exception {
    return run(config, events, List.of(), flush);
  }

  static Result run(
      JobConfig config,
      List<ResolvedEvent> events,
      List<LifecycleTransition> transitions,
      boolean flush)
      throws Exception {
    return run(config, events, transitions, List.of(), flush);
  }

  static Result run(
      JobConfig config,
      List<ResolvedEvent> events,
      List<LifecycleTransition> transitions,
      List<CustomerMerge> merges,
      boolean flush)
      throws Exception {
    List<ResolvedEvent> input = new ArrayList<>(events);
    if (flush) {
      input.add(
          JourneyFixtures.interaction(
              "flush", io.siyu.jobs.records.InteractionType.PAGE_VIEW, FLUSH_AT));
    }
    // One source for both streams, so that both move the watermark together, event by event.
    List<JourneyInput> timeline = new ArrayList<>(input.stream().map(JourneyInput::of).toList());
    if (!transitions.isEmpty() || !merges.isEmpty()) {
      timeline.addAll(transitions.stream().map(JourneyInput::of).toList());
      timeline.addAll(merges.stream().map(JourneyInput::of).toList());
      timeline.sort(Comparator.comparingLong(JourneyInput::ts)); // stable: events keep their order
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            JobEnvironment.flinkConfiguration(config));
    env.setParallelism(2);
    DataStream<JourneyInput> items =
        env.fromData(timeline, TypeInformation.of(JourneyInput.class))
            .setParallelism(1)
            .assignTimestampsAndWatermarks(punctuated((i, previous) -> i.ts()))
            .setParallelism(1);
    DataStream<ResolvedEvent> eventStream =
        items
            .filter(i -> i.event() != null)
            .map(i -> new ResolvedEvent(i.customerId(), i.event(), i.referrerId()))
            .returns(ResolvedEvent.class);
    DataStream<LifecycleTransition> transitionStream =
        items
            .filter(i -> i.transition() != null)
            .map(JourneyInput::transition)
            .returns(LifecycleTransition.class);
    DataStream<CustomerMerge> mergeStream =
        items.filter(i -> i.merge() != null).map(JourneyInput::merge).returns(CustomerMerge.class);
    JourneyStreams out =
        new JourneyJob(config, Map.of(), Map.of(), Map.of())
            .attachTo(eventStream, transitionStream, mergeStream);
    CloseableIterator<JourneyTrigger> triggers = out.triggers().collectAsync();
    CloseableIterator<LateEvent> late = out.late().collectAsync();
    env.execute("journey test");
    List<JourneyTrigger> t = new ArrayList<>();
    triggers.forEachRemaining(t::add);
    List<LateEvent> l = new ArrayList<>();
    late.forEachRemaining(l::add);
    return new Result(t, l);
  }

  /** The watermark just behind each record's time: ties at one instant are never late. */
  static <T> WatermarkStrategy<T> punctuated(SerializableTimestampAssigner<T> ts) {
    return WatermarkStrategy.<T>forGenerator(
            ctx ->
                new WatermarkGenerator<>() {
                  private long max = Long.MIN_VALUE;

                  @Override
                  public void onEvent(T event, long timestamp, WatermarkOutput output) {
                    if (timestamp - 1 > max) {
                      max = timestamp - 1;
                      output.emitWatermark(new Watermark(max));
                    }
                  }

                  @Override
                  public void onPeriodicEmit(WatermarkOutput output) {}
                })
        .withTimestampAssigner(ts);
  }
}
