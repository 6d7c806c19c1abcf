package io.siyu.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Event-time settings: how late events may arrive, and when a quiet partition stops holding back.
 */
public record WatermarkConfig(Duration maxOutOfOrderness, Duration idleTimeout)
    implements Serializable {
  void validate() {
    ConfigException.require(
        maxOutOfOrderness != null && !maxOutOfOrderness.isNegative(),
        "watermarks.max-out-of-orderness",
        "must be >= 0");
    ConfigException.require(
        idleTimeout != null && idleTimeout.toMillis() > 0,
        "watermarks.idle-timeout",
        "must be > 0");
  }
}
