package io.siyu.jobs.sources;

import io.siyu.jobs.records.Ingested;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time of a valid event. A dead letter gets the smallest timestamp so that its (possibly
 * absurd) time can never advance the watermark; dead letters are not processed in event time.
 */
public final class IngestedTimestamps implements SerializableTimestampAssigner<Ingested> {
  private static final long serialVersionUID = 1L;

  @Override
  public long extractTimestamp(Ingested element, long recordTimestamp) {
    return element.isValid() ? element.event().header().ts() : Long.MIN_VALUE;
  }
}
