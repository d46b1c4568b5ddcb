package dev.sluice.core.config;

/**
 * A config that cannot be compiled. The message names the file, line, column and what is wrong,
 * so start-up can fail closed with a line a person can act on.
 */
public final class ConfigException extends RuntimeException {
  private final Location location;
  private final String problem;

  public ConfigException(Location location, String problem) {
    super(location + ": " + problem, null, false, false);
    this.location = location;
    this.problem = problem;
  }

  public Location location() {
    return location;
  }

  /** What is wrong, without the location. */
  public String problem() {
    return problem;
  }
}
