package dev.sluice.cli.scan;

/** A file that cannot be scanned at all: missing, unreadable, not JSON, neither events nor a HAR. */
final class BadInput extends Exception {
  final int line;

  BadInput(int line, String message) {
    super(message, null, false, false);
    this.line = line;
  }

  BadInput(String message) {
    this(0, message);
  }
}
