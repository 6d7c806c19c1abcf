package io.siyu.jobs.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.util.TimeUtils;

/**
 * Reads {@link JobConfig} from a YAML file with {@code ${ENV_VAR}} / {@code ${ENV_VAR:-default}}
 * substitution, then applies command-line overrides.
 *
 * <p>Arguments: {@code --config conf/local.yaml} (default: {@code $SIYU_CONFIG}, else {@code
 * conf/local.yaml}) and any number of {@code --set path.to.key=value}, e.g. {@code --set
 * kafka.bounded=true}. Unknown keys, bad values and unset variables fail the start with the path of
 * the setting.
 */
public final class ConfigLoader {
  private static final Pattern ENV_REF =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private final ObjectMapper yaml;

  public ConfigLoader() {
    SimpleModule units = new SimpleModule("siyu-units");
    units.addDeserializer(Duration.class, new FlinkDurationDeserializer());
    units.addDeserializer(Instant.class, new InstantDeserializer());
    yaml =
        JsonMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(units)
            .build();
  }

  /** Loads from command-line arguments, reading variables from the process environment. */
  public static JobConfig fromArgs(String[] args) {
    return new ConfigLoader().load(args, System.getenv());
  }

  public JobConfig load(String[] args, Map<String, String> env) {
    String file = env.getOrDefault("SIYU_CONFIG", "conf/local.yaml");
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> file = argValue(args, ++i, "--config");
        case "--set" -> overrides.add(argValue(args, ++i, "--set"));
        default ->
            throw new ConfigException(
                "Unknown argument '" + args[i] + "'. Use --config FILE and --set key=value");
      }
    }
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new ConfigException(
          "Config file " + path.toAbsolutePath() + " not found: pass --config conf/<env>.yaml");
    }
    try {
      Path dir = path.toAbsolutePath().getParent();
      return parse(Files.readString(path), overrides, env, dir);
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + path, e);
    }
  }

  /** Parses configuration text; the journey file is looked up in the project's {@code conf/}. */
  public JobConfig parse(String yamlText, List<String> overrides, Map<String, String> env) {
    return parse(yamlText, overrides, env, null);
  }

  /**
   * Parses configuration text whose relative paths (the journey file) are relative to {@code
   * baseDir} (null: the project's {@code conf/}).
   */
  public JobConfig parse(
      String yamlText, List<String> overrides, Map<String, String> env, Path baseDir) {
    JobConfig config = parseMain(yamlText, overrides, env);
    if (config.journeys() != null && config.journeys().definitions() != null) {
      Path dir = baseDir != null ? baseDir : projectDir().resolve("conf");
      config =
          config.withJourneys(
              config
                  .journeys()
                  .withList(readJourneys(dir.resolve(config.journeys().definitions()), env)));
    }
    return config.validate();
  }

  /**
   * Reads the journey file ({@code journeys: [ ... ]}); errors name the journey by its id and the
   * field, e.g. {@code journeys[cart-abandoned].follow-up.within}.
   */
  public List<JourneyDefinition> readJourneys(Path file, Map<String, String> env) {
    if (!Files.isReadable(file)) {
      throw new ConfigException(
          "journeys.definitions", "the journey file " + file.toAbsolutePath() + " is not readable");
    }
    JsonNode tree;
    try {
      tree = yaml.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("Cannot parse the journey file " + file + ": " + e.getMessage(), e);
    }
    substituteValues(tree, env);
    try {
      return yaml.treeToValue(tree, JourneyFile.class).journeys();
    } catch (JsonMappingException e) {
      throw mappingError(journeyPath(tree, e) + " (" + file.getFileName() + ")", e);
    } catch (IOException e) {
      throw new ConfigException("Cannot read the journey file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The journey file: a list of journeys under {@code journeys:}. */
  private record JourneyFile(List<JourneyDefinition> journeys) {
    JourneyFile {
      journeys = journeys == null ? List.of() : journeys;
    }
  }

  /** {@code journeys.[2].entry} as {@code journeys[welcome].entry}: the id names the journey. */
  private static String journeyPath(JsonNode tree, JsonMappingException e) {
    List<String> parts = new ArrayList<>();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        parts.add(ref.getFieldName());
      } else if (!parts.isEmpty() && parts.get(parts.size() - 1).equals("journeys")) {
        JsonNode id = tree.path("journeys").path(ref.getIndex()).path("id");
        parts.set(
            parts.size() - 1,
            "journeys[" + (id.isTextual() ? id.asText() : String.valueOf(ref.getIndex())) + "]");
      } else {
        parts.add("[" + ref.getIndex() + "]");
      }
    }
    return String.join(".", parts);
  }

  private JobConfig parseMain(String yamlText, List<String> overrides, Map<String, String> env) {
    try {
      ObjectNode root = (ObjectNode) yaml.readTree(yamlText);
      // Substituted in values only (not comments), before overrides, which are taken literally.
      substituteValues(root, env);
      for (String override : overrides) {
        apply(root, override);
      }
      return yaml.treeToValue(root, JobConfig.class);
    } catch (JsonMappingException e) {
      throw mappingError(pathOf(e), e);
    } catch (IOException e) {
      throw new ConfigException("Cannot parse the configuration: " + e.getMessage(), e);
    }
  }

  private static void substituteValues(JsonNode node, Map<String, String> env) {
    if (node instanceof ObjectNode object) {
      object
          .properties()
          .forEach(
              field -> {
                if (field.getValue().isTextual()) {
                  object.put(field.getKey(), substitute(field.getValue().asText(), env));
                } else {
                  substituteValues(field.getValue(), env);
                }
              });
    }
  }

  static String substitute(String text, Map<String, String> env) {
    Matcher m = ENV_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        value = m.group(3);
      }
      if (value == null) {
        throw new ConfigException(
            "Environment variable " + m.group(1) + " is used in the configuration but not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The project directory: the working directory or the nearest parent holding {@code
   * conf/local.yaml}, so that tools run from a module directory (as Maven runs tests) find the
   * shipped configuration.
   */
  public static Path projectDir() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("conf/local.yaml"))) {
        return p;
      }
    }
    throw new ConfigException(
        "No conf/local.yaml in " + start + " or its parents: run from the project");
  }

  private static void apply(ObjectNode root, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("Override '" + override + "' must look like path.to.key=value");
    }
    String[] path = override.substring(0, eq).split("\\.");
    String value = override.substring(eq + 1);
    ObjectNode node = root;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      node = child instanceof ObjectNode o ? o : node.putObject(path[i]);
    }
    node.put(path[path.length - 1], value);
  }

  private static String argValue(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new ConfigException(flag + " needs a value");
    }
    return args[i];
  }

  /** What went wrong: a value's own complaint (e.g. an enum's names) rather than Jackson's. */
  /** What is wrong with the setting at {@code where}, said for the person who has to fix it. */
  private static ConfigException mappingError(String where, JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new ConfigException(
          where,
          "unknown setting '"
              + unknown.getPropertyName()
              + "'; known here: "
              + unknown.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    if (e instanceof InvalidFormatException bad) {
      return new ConfigException(
          where, "bad value '" + bad.getValue() + "': " + bad.getOriginalMessage());
    }
    return new ConfigException(where, problem(e));
  }

  private static String problem(JsonMappingException e) {
    return e.getCause() instanceof IllegalArgumentException bad
        ? bad.getMessage()
        : e.getOriginalMessage();
  }

  private static String pathOf(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  /** Durations as Flink writes them: 500ms, 10s, 5min, 1h, 7d. */
  private static final class FlinkDurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      try {
        return TimeUtils.parseDuration(text);
      } catch (RuntimeException e) {
        throw InvalidFormatException.from(
            p, "expected a duration such as 500ms, 10s, 5min, 1h or 7d", text, Duration.class);
      }
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      try {
        return Instant.parse(text);
      } catch (RuntimeException e) {
        throw InvalidFormatException.from(
            p, "expected an ISO-8601 instant such as 2015-01-01T00:00:00Z", text, Instant.class);
      }
    }
  }
}
