package io.siyu.jobs.identity;

/**
 * A row of ClickHouse {@code identity_map}: identifier {@code id} belongs to {@code canonicalId}
 * from event time {@code linkedAt}. {@code version} grows with every change the graph makes, so the
 * latest mapping wins. {@code cause}: {@code first_seen}, {@code link} (seen with another
 * identifier of the customer) or {@code merge} (its customer was absorbed into another).
 */
public record IdentityLink(
    String id, String canonicalId, long version, long linkedAt, String cause) {}
