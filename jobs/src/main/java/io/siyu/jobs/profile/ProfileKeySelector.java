package io.siyu.jobs.profile;

import io.siyu.jobs.records.CustomerEvent;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys events by their customer (see {@link CustomerKey}). */
public final class ProfileKeySelector implements KeySelector<CustomerEvent, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String getKey(CustomerEvent event) {
    return CustomerKey.of(event.header().ids());
  }
}
