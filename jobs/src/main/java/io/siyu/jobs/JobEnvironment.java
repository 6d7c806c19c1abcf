package io.siyu.jobs;

import io.siyu.jobs.config.JobConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The execution settings every siyu job shares: RocksDB with incremental checkpoints, exactly-once
 * checkpoints kept on cancel (so a job can be resumed), restart with exponential back-off, object
 * reuse, and no Kryo fallback (a type Flink cannot serialize itself fails at build time).
 */
public final class JobEnvironment {
  private JobEnvironment() {}

  public static Configuration flinkConfiguration(JobConfig config) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, config.checkpoints().incremental());
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpoints().directory());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpoints().interval());
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    return conf;
  }

  public static StreamExecutionEnvironment create(JobConfig config) {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
    if (config.parallelism() > 0) {
      env.setParallelism(config.parallelism());
    }
    return env;
  }
}
