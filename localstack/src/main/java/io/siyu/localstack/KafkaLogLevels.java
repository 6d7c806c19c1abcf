package io.siyu.localstack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Turns down the logging of an in-process Kafka broker.
 *
 * <p>A broker logs hundreds of INFO lines while it starts (every config value, every partition,
 * every raft state change), which buries the output of the tests that run next to it. This sets the
 * Kafka logger families to WARN (the KRaft controller to ERROR), but only those that the active
 * log4j2 configuration does not name explicitly, so a project that configures Kafka's loggers keeps
 * its own levels. The level can be changed with the system property {@value #PROPERTY}; the value
 * {@code keep} leaves logging alone.
 */
final class KafkaLogLevels {

  static final String PROPERTY = "localstack.kafka.logLevel";

  /** "kafka" is the Scala broker, "state.change.logger" its partition-state log. */
  private static final List<String> LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  /**
   * The KRaft controller logs a WARN on every start of a one-node cluster ("Performing controller
   * activation ..."), which is expected here; by default it gets ERROR.
   */
  private static final String CONTROLLER = "org.apache.kafka.controller";

  private KafkaLogLevels() {}

  static void apply() {
    String wanted = System.getProperty(PROPERTY);
    if (wanted != null && wanted.trim().equalsIgnoreCase("keep")) {
      return;
    }
    try {
      Level level = wanted == null ? Level.WARN : Level.toLevel(wanted.trim(), Level.WARN);
      // Fails with ClassCastException when log4j-api is routed to another backend (for example
      // log4j-to-slf4j with logback): that backend's configuration then decides, as it should.
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      Configuration configuration = context.getConfiguration();
      Map<String, Level> levels = new HashMap<>();
      for (String logger : LOGGERS) {
        if (!configuration.getLoggers().containsKey(logger)) {
          levels.put(logger, level);
        }
      }
      if (!configuration.getLoggers().containsKey(CONTROLLER)) {
        levels.put(CONTROLLER, wanted == null ? Level.ERROR : level);
      }
      if (!levels.isEmpty()) {
        Configurator.setLevel(levels);
      }
    } catch (ClassCastException | LinkageError e) {
      // Not log4j2-core: leave the levels to whatever backend is in use.
    }
  }
}
