package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/** Checkpointing: how often, and where (a durable URI on a cluster, e.g. s3:// or hdfs://). */
public record CheckpointConfig(Duration interval, String directory, boolean incremental)
    implements Serializable {
  void validate() {
    ConfigException.require(
        interval != null && interval.toMillis() >= 100, "checkpoints.interval", "must be >= 100ms");
    ConfigException.require(
        directory != null && !directory.isBlank(),
        "checkpoints.directory",
        "must be a URI such as file:///tmp/siyu/checkpoints");
  }
}
