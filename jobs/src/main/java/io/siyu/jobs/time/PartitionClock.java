package io.siyu.jobs.time;

/**
 * The checkpointed event-time position of one input partition: the largest valid event time read
 * from it, and which gate subtask (of how many) reads it.
 */
public record PartitionClock(long partitionKey, long maxTs, int owner, int parallelism) {}
