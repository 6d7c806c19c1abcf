package io.siyu.jobs.records;

/**
 * What the Kafka source emits for each record: a parsed event or a dead letter, never both. The
 * source parses (once) so that watermarks are generated per Kafka partition from event time. The
 * Kafka coordinates are kept so that the event-time gate can judge lateness per partition and name
 * each late record.
 */
public record Ingested(CustomerEvent event, DeadLetter deadLetter, int partition, long offset) {

  /** A valid event read at {@code partition}/{@code offset} of its stream's topic. */
  public static Ingested valid(CustomerEvent event, int partition, long offset) {
    return new Ingested(event, null, partition, offset);
  }

  public static Ingested rejected(DeadLetter deadLetter) {
    return new Ingested(null, deadLetter, deadLetter.sourcePartition(), deadLetter.sourceOffset());
  }

  public boolean isValid() {
    return event != null;
  }
}
