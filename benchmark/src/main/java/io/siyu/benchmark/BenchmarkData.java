package io.siyu.benchmark;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import java.util.List;

/** The benchmark's input: the generator's realistic mix (2% malformed), fixed seed. */
final class BenchmarkData {
  private BenchmarkData() {}

  static final int DEFAULT_CUSTOMERS = 50_000;

  static List<GeneratedRecord> records(int events) {
    return records(events, DEFAULT_CUSTOMERS);
  }

  static List<GeneratedRecord> records(int events, int customers) {
    return EventGenerator.generateAll(
        GeneratorConfig.defaults().withCustomers(customers).withEvents(events).withSeed(2026));
  }
}
