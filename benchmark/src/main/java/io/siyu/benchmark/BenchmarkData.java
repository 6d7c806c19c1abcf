package io.siyu.benchmark;

import io.siyu.generator.EventGenerator;
import io.siyu.generator.GeneratedRecord;
import io.siyu.generator.GeneratorConfig;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.udf.PhoneHasher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's input: the generator's realistic mix (2% malformed), fixed seed. */
final class BenchmarkData {
  private BenchmarkData() {}

  static final int DEFAULT_CUSTOMERS = 50_000;

  /** The job's settings as the local run has them ({@code conf/local.yaml}), plus overrides. */
  static JobConfig config(String... overrides) {
    List<String> args = new ArrayList<>();
    args.add("--config");
    args.add(ConfigLoader.projectDir().resolve("conf/local.yaml").toString());
    for (String o : overrides) {
      args.add("--set");
      args.add(o);
    }
    return new ConfigLoader().load(args.toArray(new String[0]), Map.of());
  }

  /** A fixed phone salt: the benchmark's hashes need not be secret. */
  static PhoneHasher hasher() {
    return new PhoneHasher("benchmark-salt-0123456789".getBytes(StandardCharsets.UTF_8));
  }

  static List<GeneratedRecord> records(int events) {
    return records(events, DEFAULT_CUSTOMERS);
  }

  static List<GeneratedRecord> records(int events, int customers) {
    return EventGenerator.generateAll(
        GeneratorConfig.defaults().withCustomers(customers).withEvents(events).withSeed(2026));
  }
}
