package io.siyu.benchmark;

import io.siyu.generator.GeneratedRecord;
import io.siyu.jobs.BiJob;
import io.siyu.jobs.IdentityJob;
import io.siyu.jobs.JourneyJob;
import io.siyu.jobs.ProfileJob;
import io.siyu.jobs.SiyuJob;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.ingest.DeadLetterRouter;
import io.siyu.jobs.ingest.IngestDeserializer;
import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.Ingested;
import io.siyu.jobs.sources.KafkaSources;
import io.siyu.udf.PhoneHasher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The ingestion topology (and optionally the customer profile) on a local mini cluster at
 * parallelism 1, fed from memory instead of Kafka (the records are shared through a static field:
 * the mini cluster runs in this JVM), ending in discarding sinks. It measures Flink's per-record
 * cost around the parse — watermarking, routing, chaining — without any I/O.
 */
final class PipelineRun {
  private static volatile List<GeneratedRecord> shared;

  private PipelineRun() {}

  /** How much of the job runs after ingestion. */
  enum Stages {
    INGEST,
    IDENTITY,
    PROFILE,
    /** The profile and the BI branch (aggregates, per-code and per-customer steps). */
    PROFILE_BI,
    /** The whole job as {@code SiyuJob} wires it: identity, profile, every journey, BI. */
    ALL
  }

  /**
   * Runs the records {@code times} times through the pipeline up to {@code stages}, keyed state on
   * {@code backend} ({@code rocksdb} as the main job, or {@code hashmap} for comparison).
   */
  static IngestBenchmark.Outcome run(
      JobConfig config,
      PhoneHasher hasher,
      List<GeneratedRecord> records,
      int times,
      Stages stages,
      String backend)
      throws Exception {
    return run(config, hasher, records, times, stages, backend, 1);
  }

  static IngestBenchmark.Outcome run(
      JobConfig config,
      PhoneHasher hasher,
      List<GeneratedRecord> records,
      int times,
      Stages stages,
      String backend,
      int parallelism)
      throws Exception {
    boolean stateful = stages != Stages.INGEST;
    long total = (long) records.size() * times;
    shared = records;
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    if (stateful) {
      conf.set(StateBackendOptions.STATE_BACKEND, backend);
      // A local environment gets a small default; a cluster task manager gives RocksDB 40% of
      // its memory. Size it like a modest task manager so RocksDB is not flushing constantly.
      conf.set(
          TaskManagerOptions.MANAGED_MEMORY_SIZE,
          MemorySize.parse(System.getProperty("siyu.managed", "512m")));
      // Checkpoints as in production (conf/local.yaml: every 10 s, incremental, to local files):
      // state is written at least once per checkpoint, whatever a cache in front of it does.
      conf.setString(
          "execution.checkpointing.interval", config.checkpoints().interval().toMillis() + "ms");
      conf.setString("execution.checkpointing.incremental", "true");
      conf.setString(
          "execution.checkpointing.dir",
          java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "siyu-benchmark-checkpoints")
              .toUri()
              .toString());
      for (String kv : System.getProperty("siyu.flink", "").split(",")) {
        if (kv.contains("=")) {
          // Extra Flink settings to compare, e.g.
          // -Dsiyu.flink=state.backend.rocksdb.use-bloom-filter=true
          conf.setString(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
    }
    // Flink's checkpoint statistics, kept in process (state size per customer, durations).
    conf.setString(
        "metrics.reporter.checkpoints.factory.class", CheckpointMetrics.Factory.class.getName());
    conf.setString("metrics.reporter.checkpoints.interval", "1 s");
    CheckpointMetrics.reset();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    SingleOutputStreamOperator<CustomerEvent> events =
        env.fromSource(
                new NumberSequenceSource(0, total - 1),
                WatermarkStrategy.noWatermarks(),
                "records in memory")
            .map(new Deserialize(KafkaSources.deserializer(config, hasher)))
            .assignTimestampsAndWatermarks(KafkaSources.watermarks(config))
            .process(new DeadLetterRouter());
    events.sinkTo(new DiscardingSink<>());
    if (stages == Stages.ALL) {
      SiyuJob.attachCustomerPipelines(
          events,
          config,
          new JourneyJob(
              config,
              Map.of("discard", new DiscardingSink<>()),
              Map.of("discard", new DiscardingSink<>()),
              Map.of("discard", new DiscardingSink<>())),
          new IdentityJob(config, Map.of()),
          new ProfileJob(config, Map.of("discard", new DiscardingSink<>()), Map.of(), Map.of()),
          new BiJob(config, new DiscardingBiOutputs()));
    } else if (stages == Stages.IDENTITY) {
      new IdentityJob(config, Map.of()).attachTo(events).messages().sinkTo(new DiscardingSink<>());
    } else if (stages == Stages.PROFILE || stages == Stages.PROFILE_BI) {
      // The production wiring, without sinks: identity → identifier histories → profile.
      ProfileJob.Streams profile =
          new ProfileJob(config, Map.of("discard", new DiscardingSink<>()), Map.of(), Map.of())
              .attach(new IdentityJob(config, Map.of()).attachTo(events).messages());
      if (stages == Stages.PROFILE_BI) {
        new BiJob(config, new DiscardingBiOutputs()).attachTo(profile.accepted());
      }
    }
    events.getSideOutput(DeadLetterRouter.DEAD_LETTERS).sinkTo(new DiscardingSink<>());
    JobExecutionResult result = env.execute("benchmark: ingestion pipeline");
    return new IngestBenchmark.Outcome(
        total, total, result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0);
  }

  /** What the Kafka deserializer does per record, driven by an index into the shared records. */
  private static final class Deserialize extends RichMapFunction<Long, Ingested> {
    private final IngestDeserializer deserializer;
    private transient List<GeneratedRecord> records;

    Deserialize(IngestDeserializer deserializer) {
      this.deserializer = deserializer;
    }

    @Override
    public void open(OpenContext openContext) {
      records = shared;
    }

    @Override
    public Ingested map(Long i) {
      GeneratedRecord r = records.get((int) (i % records.size()));
      return deserializer.ingest(r.topic(), 0, i, r.kafkaTimestamp(), r.value());
    }
  }
}
