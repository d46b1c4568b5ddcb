package dev.sluice.cli;

import dev.sluice.core.BadInputException;
import dev.sluice.core.config.ConfigException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Turns failures into one line a person can act on; stack traces only for real bugs. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    return switch (e) {
      case ConfigException c -> c.getMessage();
      case BadInputException b -> b.getMessage();
      case NoSuchFileException n -> "no such file: " + n.getFile();
      case IOException io -> io.getClass().getSimpleName() + ": " + io.getMessage();
      case IllegalArgumentException ia -> ia.getMessage();
      case IllegalStateException is -> is.getMessage();
      default -> {
        e.printStackTrace();
        yield "unexpected " + e.getClass().getName() + ": " + e.getMessage();
      }
    };
  }
}
