package io.siyu.jobs.schema;

import io.siyu.jobs.config.ClickHouseConfig;
import io.siyu.jobs.config.ConfigLoader;
import io.siyu.jobs.sinks.ClickHouseConnections;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the ClickHouse DDL in {@code sql/} — one object per file, in file-name order — creating
 * the database first. Every statement is {@code CREATE ... IF NOT EXISTS}, so applying twice is a
 * no-op. The files are packaged into the job jar, so a job can apply its own schema at start.
 *
 * <p>Command line: {@code java -cp siyu-jobs-job.jar io.siyu.jobs.schema.SchemaApplier --config
 * conf/local.yaml} (same arguments as the jobs).
 */
public final class SchemaApplier {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaApplier.class);
  private static final String RESOURCE_DIR = "sql";

  private SchemaApplier() {}

  public static void main(String[] args) throws Exception {
    List<String> applied = apply(ConfigLoader.fromArgs(args).clickhouse());
    System.out.println("Applied " + applied.size() + " schema files: " + applied);
  }

  /** Applies every file and returns their names in the order applied. */
  public static List<String> apply(ClickHouseConfig config) throws SQLException, IOException {
    try (Connection server = ClickHouseConnections.openServer(config);
        Statement st = server.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS " + config.database());
    }
    List<String> names = new ArrayList<>();
    try (Connection db = ClickHouseConnections.open(config);
        Statement st = db.createStatement()) {
      for (Map.Entry<String, String> file : files()) {
        LOG.info("Applying {}", file.getKey());
        try {
          st.execute(file.getValue());
        } catch (SQLException e) {
          throw new SQLException(
              "Schema file sql/" + file.getKey() + " failed: " + e.getMessage(), e);
        }
        names.add(file.getKey());
      }
    }
    return names;
  }

  /** The DDL files (name, text) in order, from the classpath's {@code sql/} directory. */
  static List<Map.Entry<String, String>> files() throws IOException {
    URL dir = SchemaApplier.class.getClassLoader().getResource(RESOURCE_DIR);
    if (dir == null) {
      throw new IOException("No sql/ directory on the classpath: the job jar is incomplete");
    }
    try {
      URI uri = dir.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return read(jar.getPath(RESOURCE_DIR));
        }
      }
      return read(Path.of(uri));
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static List<Map.Entry<String, String>> read(Path dir) throws IOException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
          out.add(Map.entry(p.getFileName().toString(), stripTrailingSemicolon(sql)));
        }
      }
    }
    return out;
  }

  private static String stripTrailingSemicolon(String sql) {
    return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
  }
}
