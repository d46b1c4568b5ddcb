package dev.sluice.cli;

import dev.sluice.core.detect.Category;
import java.util.Locale;
import java.util.StringJoiner;
import picocli.CommandLine;

/**
 * A data category code on the command line ({@code --fail-on}, {@code --fail-on-new}), checked
 * against the taxonomy so a typo cannot silently disable a CI gate.
 */
public final class CategoryConverter implements CommandLine.ITypeConverter<Category> {
  @Override
  public Category convert(String value) {
    Category c = Category.byCode(value.strip().toLowerCase(Locale.ROOT));
    if (c == null) {
      StringJoiner codes = new StringJoiner(", ");
      for (Category k : Category.values()) {
        codes.add(k.code());
      }
      throw new CommandLine.TypeConversionException("unknown category '" + value + "': use one of " + codes);
    }
    return c;
  }
}
