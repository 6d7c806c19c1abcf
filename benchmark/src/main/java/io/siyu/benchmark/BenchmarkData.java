package io.siyu.benchmark;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import java.util.List;

/** The benchmark's input: the generator's realistic mix (2% malformed), fixed seed. */
final class BenchmarkData {
  private BenchmarkData() {}

  static List<GeneratedRecord> records(int events) {
    return EventGenerator.generateAll(
        GeneratorConfig.defaults().withCustomers(50_000).withEvents(events).withSeed(2026));
  }
}
