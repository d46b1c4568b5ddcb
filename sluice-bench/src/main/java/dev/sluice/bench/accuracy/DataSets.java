package dev.sluice.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The development data sets (shared/data, read-only) the evaluation reads. */
public final class DataSets {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static final String PRESIDIO = "pii/presidio_synth_dataset_v2.json";
  public static final String CARDS = "validators/credit_cards.json";
  public static final String IBANS = "validators/iban.json";
  public static final String EMAILS = "validators/email.json";
  public static final String IPS = "validators/ip.json";
  public static final String SECRETS = "secrets/secretlint_fake_tokens.json";

  private final Path dir;

  public DataSets(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Thrown with a message that says where the data was looked for and how to point elsewhere. */
  public static final class Missing extends RuntimeException {
    public Missing(String message) {
      super(message);
    }
  }

  /** Checks that every file the report needs is there. */
  public DataSets check() {
    if (!Files.isDirectory(dir)) {
      throw new Missing("development data sets not found at " + dir
          + " (expected shared/data beside the repository clone, see shared/data/README.md);"
          + " pass --data DIR to use another location");
    }
    for (String f : new String[] {PRESIDIO, CARDS, IBANS, EMAILS, IPS, SECRETS}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new Missing("data set file missing: " + dir.resolve(f));
      }
    }
    return this;
  }

  public JsonNode json(String relative) {
    Path p = dir.resolve(relative);
    try {
      return MAPPER.readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}
