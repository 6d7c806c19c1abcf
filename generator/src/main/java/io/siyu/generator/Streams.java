package io.siyu.generator;

import java.util.List;

/** The names of the three input streams, as used in {@link GeneratedRecord#stream()}. */
public final class Streams {
  public static final String SCAN = "scan";
  public static final String PURCHASE = "purchase";
  public static final String INTERACTION = "interaction";

  /** All stream names, in a fixed order (used for reports and ground truth). */
  public static final List<String> ALL = List.of(SCAN, PURCHASE, INTERACTION);

  private Streams() {}

  static int index(String stream) {
    return switch (stream) {
      case SCAN -> 0;
      case PURCHASE -> 1;
      case INTERACTION -> 2;
      default -> throw new IllegalArgumentException("unknown stream " + stream);
    };
  }
}
