package io.siyu.jobs.config;

/** A configuration error, reported at start with the setting's path and what to fix. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String path, String problem) {
    super("Configuration error at '" + path + "': " + problem);
  }

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static void require(boolean ok, String path, String problem) {
    if (!ok) {
      throw new ConfigException(path, problem);
    }
  }
}
