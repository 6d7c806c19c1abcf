package io.siyu.jobs.bi;

import java.io.Serializable;

/** One batch of coded items (README "Dimension data"): the denominator of its scan rate. */
public record CodeBatch(
    String batchId,
    String sku,
    String campaignId,
    String shippedRegion,
    long codesIssued,
    long shippedAtMs)
    implements Serializable {}
