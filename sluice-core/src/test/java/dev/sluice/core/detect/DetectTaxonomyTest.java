package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published taxonomy: codes, placeholders and groups, and docs/taxonomy.md listing them. */
class DetectTaxonomyTest {

  @Test
  void codesPlaceholdersAndGroups() {
    assertThat(Arrays.stream(Category.values()).map(Category::code))
        .containsExactly("email", "phone", "name", "address", "geo", "ip", "mac", "card", "iban",
            "ssn", "dob", "jwt", "secret", "online_id", "device_id", "user_agent");
    Set<String> groups = Set.of("contact", "identity", "location", "network", "device", "financial",
        "government_id", "credential", "identifier");
    for (Category c : Category.values()) {
      assertThat(c.placeholder()).isEqualTo("[" + c.code() + "]");
      assertThat(groups).contains(c.group());
      assertThat(Category.byCode(c.code())).isSameAs(c);
    }
    assertThat(Category.EMAIL.group()).isEqualTo("contact");
    assertThat(Category.US_SSN.group()).isEqualTo("government_id");
    assertThat(Category.SECRET.group()).isEqualTo("credential");
  }

  @Test
  void docsListEveryCategory() throws Exception {
    Path doc = Path.of("..", "docs", "taxonomy.md");
    assertThat(doc).exists();
    String text = Files.readString(doc);
    for (Category c : Category.values()) {
      assertThat(text).as(c.name()).contains("`" + c.code() + "`").contains(c.name());
    }
  }
}
