package dev.sluice.cli.scan;

/**
 * Why a file, or one record of it, could not be scanned. {@code line} is 1-based, 0 when the
 * problem is the file as a whole. Messages never quote input: a broken line may hold the very
 * data the scan is looking for.
 */
record Problem(String file, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
