package io.siyu.jobs.records;

/**
 * What the Kafka source emits for each record: a parsed event or a dead letter, never both. The
 * source parses (once) so that watermarks are generated per Kafka partition from event time.
 */
public record Ingested(CustomerEvent event, DeadLetter deadLetter) {

  public static Ingested valid(CustomerEvent event) {
    return new Ingested(event, null);
  }

  public static Ingested rejected(DeadLetter deadLetter) {
    return new Ingested(null, deadLetter);
  }

  public boolean isValid() {
    return event != null;
  }
}
