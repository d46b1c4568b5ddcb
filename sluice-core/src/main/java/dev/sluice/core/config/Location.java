package dev.sluice.core.config;

/** Where a config value was written: file, 1-based line and column. */
public record Location(String file, int line, int column) {
  public static final Location UNKNOWN = new Location("<unknown>", 0, 0);

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }
}
