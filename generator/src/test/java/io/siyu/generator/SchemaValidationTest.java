package io.siyu.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas in /schemas describe what the generator produces: every valid record validates
 * against its stream's schema, and records that are wrong in a way a schema can express
 * (MISSING_FIELD, NO_CUSTOMER_ID, UNKNOWN_TYPE, BAD_AMOUNT) fail it.
 */
class SchemaValidationTest {
  private static final String PREFIX = "https://siyu.io/schemas/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<RejectReason> SCHEMA_CHECKABLE =
      Set.of(
          RejectReason.MISSING_FIELD,
          RejectReason.NO_CUSTOMER_ID,
          RejectReason.UNKNOWN_TYPE,
          RejectReason.BAD_AMOUNT);

  private static final Map<String, Schema> SCHEMAS = new HashMap<>();

  @BeforeAll
  static void loadSchemas() {
    Path dir = Path.of(System.getProperty("siyu.schemas.dir", "../schemas"));
    // Resolve the schemas' $id URLs (and their relative $refs) to the files, never the network.
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemas(
                    (String iri) ->
                        iri.startsWith(PREFIX)
                            ? read(dir.resolve(iri.substring(PREFIX.length())))
                            : null));
    for (String stream : Streams.ALL) {
      SCHEMAS.put(stream, registry.getSchema(SchemaLocation.of(PREFIX + stream + ".schema.json")));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Error> validate(GeneratedRecord r) throws IOException {
    JsonNode node = JSON.readTree(r.value());
    return SCHEMAS.get(r.stream()).validate(node);
  }

  @Test
  void everyValidRecordMatchesItsSchema() throws IOException {
    GeneratorConfig config =
        GeneratorConfig.defaults().withCustomers(2_000).withEvents(20_000).withSeed(11);
    EventGenerator g = new EventGenerator(config);
    int checked = 0;
    while (g.hasNext()) {
      GeneratedRecord r = g.next();
      if (r.valid()) {
        List<Error> errors = validate(r);
        assertTrue(errors.isEmpty(), r + " -> " + errors);
        checked++;
      }
    }
    assertTrue(checked > 19_000);
  }

  @Test
  void recordsWithSchemaCheckableReasonsFailTheirSchema() throws IOException {
    GeneratorConfig config =
        GeneratorConfig.defaults()
            .withCustomers(2_000)
            .withEvents(20_000)
            .withSeed(12)
            .withMalformedShare(0.3);
    EventGenerator g = new EventGenerator(config);
    Map<RejectReason, Integer> failed = new EnumMap<>(RejectReason.class);
    while (g.hasNext()) {
      GeneratedRecord r = g.next();
      if (r.expectedReason() != null
          && SCHEMA_CHECKABLE.contains(RejectReason.valueOf(r.expectedReason()))) {
        assertFalse(validate(r).isEmpty(), "schema accepts " + r);
        failed.merge(RejectReason.valueOf(r.expectedReason()), 1, Integer::sum);
      }
    }
    assertEquals(SCHEMA_CHECKABLE, failed.keySet());
  }

  @Test
  void everySchemaCheckableVariantFailsItsSchema() throws IOException {
    GeneratorConfig c = GeneratorConfig.defaults().withEvents(1000);
    Malformer m = new Malformer(c, new Catalog(c), new java.util.SplittableRandom(5));
    for (Malformer.Variant v : Malformer.Variant.values()) {
      if (!SCHEMA_CHECKABLE.contains(v.reason)) {
        continue;
      }
      for (int i = 0; i < 20; i++) {
        Malformer.Bad bad = m.make(v, c.startTime(), i);
        GeneratedRecord r =
            new GeneratedRecord(
                bad.stream(),
                bad.stream(),
                bad.key(),
                bad.value(),
                c.startTime(),
                null,
                v.reason.name(),
                false);
        assertFalse(validate(r).isEmpty(), v + " accepted by the schema: " + r);
      }
    }
  }
}
