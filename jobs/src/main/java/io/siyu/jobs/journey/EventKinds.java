package io.siyu.jobs.journey;

import io.siyu.jobs.records.CustomerEvent;
import io.siyu.jobs.records.InteractionType;
import io.siyu.jobs.records.PurchaseStatus;
import java.util.Collection;

/** The event names of the journey file and their bits in {@link JourneyEvent#seenBefore()}. */
public final class EventKinds {
  public static final String SCAN = "scan";
  public static final String PURCHASE = "purchase";
  public static final String REFUND = "refund";
  public static final String LIFECYCLE = "lifecycle";

  /**
   * Not an event name of the journey file: the customer was absorbed by a merge, which ends every
   * journey open for them (README "Journeys", merges).
   */
  public static final String MERGED = "merged";

  private EventKinds() {}

  /** The kind of a valid event: scan, purchase (paid), refund, or the interaction type. */
  public static String of(CustomerEvent e) {
    if (e.scan() != null) {
      return SCAN;
    }
    if (e.purchase() != null) {
      return e.purchase().status() == PurchaseStatus.PAID ? PURCHASE : REFUND;
    }
    return e.interaction().type().wireName();
  }

  /**
   * The kind's bit: scan 0, purchase 1, refund 2, lifecycle 3, interactions 4 and up; merged 60.
   */
  public static int bit(String kind) {
    return switch (kind) {
      case SCAN -> 0;
      case PURCHASE -> 1;
      case REFUND -> 2;
      case LIFECYCLE -> 3;
      case MERGED -> 60;
      default -> {
        InteractionType t = InteractionType.fromWire(kind);
        if (t == null) {
          throw new IllegalArgumentException("unknown event kind " + kind);
        }
        yield 4 + t.ordinal();
      }
    };
  }

  public static long mask(Collection<String> kinds) {
    long m = 0;
    for (String k : kinds) {
      m |= 1L << bit(k);
    }
    return m;
  }
}
