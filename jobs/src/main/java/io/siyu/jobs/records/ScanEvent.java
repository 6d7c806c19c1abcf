package io.siyu.jobs.records;

/**
 * A one-item-one-code scan. {@code issuedRegion} is where the code's batch was shipped; a scan in
 * another region is diversion (窜货).
 */
public record ScanEvent(
    EventHeader header,
    String code,
    String sku,
    String batchId,
    String campaignId,
    String issuedRegion,
    String scanRegion,
    Reward reward) {}
