package io.siyu.jobs;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The published JSON Schemas in the repository's schemas/, resolved from files, never the net. */
public final class JsonSchemas {
  private static final String PREFIX = "https://siyu.io/schemas/";

  private JsonSchemas() {}

  /** The schema in {@code schemas/<file>}, its {@code $ref}s to sibling files resolved locally. */
  public static Schema load(String file) {
    Path dir = TestFixtures.repoRoot().resolve("schemas");
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b ->
                b.schemas(
                    (String iri) ->
                        iri.startsWith(PREFIX)
                            ? read(dir.resolve(iri.substring(PREFIX.length())))
                            : null));
    return registry.getSchema(SchemaLocation.of(PREFIX + file));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
