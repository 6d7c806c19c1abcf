package io.siyu.jobs.records;

/**
 * A rejected input record: where it came from (topic, partition, offset: its identity on replay),
 * why, and the raw payload truncated and with phone numbers replaced by their hashes.
 */
public record DeadLetter(
    String sourceTopic,
    int sourcePartition,
    long sourceOffset,
    long kafkaTimestamp,
    DeadLetterReason reason,
    String detail,
    String payload,
    int payloadBytes) {}
