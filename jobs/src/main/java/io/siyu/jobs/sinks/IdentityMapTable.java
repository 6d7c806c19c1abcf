package io.siyu.jobs.sinks;

import io.siyu.jobs.identity.IdentityLink;
import java.io.IOException;
import java.util.List;

/** {@code identity_map} (sql/035): identifier → canonical customer, the highest version wins. */
public final class IdentityMapTable implements ClickHouseTable<IdentityLink> {
  private static final long serialVersionUID = 1L;

  private static final List<String> COLUMNS =
      List.of("id", "canonical_id", "version", "linked_at", "cause");

  @Override
  public String name() {
    return "identity_map";
  }

  /** A later version of the same identifier replaces the earlier one. */
  @Override
  public Object replacingKey(IdentityLink l) {
    return l.id();
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void bind(Row r, IdentityLink l) throws IOException {
    r.text(l.id());
    r.text(l.canonicalId());
    r.integer(l.version());
    r.dateTime(l.linkedAt());
    r.text(l.cause());
  }
}
