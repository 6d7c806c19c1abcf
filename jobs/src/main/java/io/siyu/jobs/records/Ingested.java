package io.siyu.jobs.records;

/**
 * What the Kafka source emits for each record: a parsed event or a dead letter, never both. The
 * source parses (once) so that watermarks are generated per Kafka partition from event time. The
 * partition is kept so that the event-time gate can judge lateness per partition.
 */
public record Ingested(CustomerEvent event, DeadLetter deadLetter, int partition) {

  /** A valid event read from {@code partition} of its stream's topic. */
  public static Ingested valid(CustomerEvent event, int partition) {
    return new Ingested(event, null, partition);
  }

  public static Ingested valid(CustomerEvent event) {
    return valid(event, 0);
  }

  public static Ingested rejected(DeadLetter deadLetter) {
    return new Ingested(null, deadLetter, deadLetter.sourcePartition());
  }

  public boolean isValid() {
    return event != null;
  }
}
