package io.siyu.jobs.records;

/**
 * A valid event of any of the three streams: exactly one of the three fields is set. One type for
 * all streams lets a single customer-keyed stream feed profiles, journeys and sinks after one
 * parse; Flink serializes it with its own POJO serializer (null fields cost one byte).
 */
public record CustomerEvent(ScanEvent scan, PurchaseEvent purchase, InteractionEvent interaction) {

  public static CustomerEvent of(ScanEvent e) {
    return new CustomerEvent(e, null, null);
  }

  public static CustomerEvent of(PurchaseEvent e) {
    return new CustomerEvent(null, e, null);
  }

  public static CustomerEvent of(InteractionEvent e) {
    return new CustomerEvent(null, null, e);
  }

  public StreamKind kind() {
    return scan != null
        ? StreamKind.SCAN
        : purchase != null ? StreamKind.PURCHASE : StreamKind.INTERACTION;
  }

  public EventHeader header() {
    return scan != null
        ? scan.header()
        : purchase != null ? purchase.header() : interaction.header();
  }
}
