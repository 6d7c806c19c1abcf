package io.siyu.jobs.profile;

/**
 * The eight classic RFM segments (high or low recency, frequency, monetary), plus NONE for
 * customers with no purchase in the window.
 */
public enum RfmSegment {
  /** 重要价值: recent, frequent, high spend. */
  IMPORTANT_VALUE,
  /** 重要发展: recent, high spend, not yet frequent. */
  IMPORTANT_DEVELOP,
  /** 重要保持: frequent, high spend, but not recent. */
  IMPORTANT_RETAIN,
  /** 重要挽留: high spend only. */
  IMPORTANT_WINBACK,
  /** 一般价值: recent and frequent, low spend. */
  GENERAL_VALUE,
  /** 一般发展: recent only. */
  GENERAL_DEVELOP,
  /** 一般保持: frequent only. */
  GENERAL_RETAIN,
  /** 一般挽留: none high. */
  GENERAL_WINBACK,
  /** No purchase in the window. */
  NONE;

  static RfmSegment of(boolean recent, boolean frequent, boolean valuable) {
    if (valuable) {
      return recent
          ? (frequent ? IMPORTANT_VALUE : IMPORTANT_DEVELOP)
          : (frequent ? IMPORTANT_RETAIN : IMPORTANT_WINBACK);
    }
    return recent
        ? (frequent ? GENERAL_VALUE : GENERAL_DEVELOP)
        : (frequent ? GENERAL_RETAIN : GENERAL_WINBACK);
  }
}
