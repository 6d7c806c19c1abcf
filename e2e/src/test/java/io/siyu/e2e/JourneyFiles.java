package io.siyu.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.siyu.jobs.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Path;

/** Variants of the shipped journey file for tests. */
final class JourneyFiles {
  private JourneyFiles() {}

  /** conf/journeys.yaml without journey {@code id}, written into {@code dir}; its path. */
  static String without(String id, Path dir) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode file = yaml.readTree(ConfigLoader.projectDir().resolve("conf/journeys.yaml").toFile());
    ArrayNode journeys = (ArrayNode) file.get("journeys");
    for (int i = journeys.size() - 1; i >= 0; i--) {
      if (journeys.get(i).get("id").asText().equals(id)) {
        journeys.remove(i);
      }
    }
    Path out = dir.resolve("journeys-without-" + id + ".yaml");
    yaml.writeValue(out.toFile(), file);
    return out.toString();
  }
}
