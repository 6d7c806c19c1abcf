package io.siyu.jobs.records;

/** The three input streams. Each has its own Kafka topic and JSON Schema ({@code schemas/}). */
public enum StreamKind {
  SCAN,
  PURCHASE,
  INTERACTION;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
