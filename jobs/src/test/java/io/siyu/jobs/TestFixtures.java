package io.siyu.jobs;

import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.config.JobConfig;
import io.siyu.jobs.config.ValidationConfig;
import io.siyu.udf.PhoneHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Shared test settings: the shipped local config and a fixed test-only phone salt. */
public final class TestFixtures {
  public static final PhoneHasher HASHER =
      new PhoneHasher("test-only-salt-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  private TestFixtures() {}

  /** conf/local.yaml as shipped, with optional overrides. */
  public static JobConfig localConfig(String... overrides) {
    Path file = repoRoot().resolve("conf/local.yaml");
    String[] args = new String[2 + 2 * overrides.length];
    args[0] = "--config";
    args[1] = file.toString();
    for (int i = 0; i < overrides.length; i++) {
      args[2 + 2 * i] = "--set";
      args[3 + 2 * i] = overrides[i];
    }
    return new ConfigLoader().load(args, Map.of());
  }

  public static ValidationConfig validation() {
    return localConfig().validation();
  }

  public static Path repoRoot() {
    return ConfigLoader.projectDir();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
