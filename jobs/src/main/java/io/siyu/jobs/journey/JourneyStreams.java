package io.siyu.jobs.journey;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the journey pipeline produces, for callers that add sinks or tests that collect: every
 * decided trigger (sent and capped) and the late events.
 */
public record JourneyStreams(DataStream<JourneyTrigger> triggers, DataStream<LateEvent> late) {}
