package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Person names in free text: name lists plus capitalisation and context. */
class DetectNamesTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static List<String> names(String text) {
    return DetectData.show(text, SCANNER.scan(text, ScanHints.NONE).stream()
        .filter(s -> s.category() == Category.PERSON_NAME)
        .toList());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Jordan Smith signed up                     | Jordan Smith",
        "Maria Garcia Lopez left a review           | Maria Garcia Lopez",
        "order for Mark Smith                       | Mark Smith",
        "Will Smith starred                         | Will Smith",
        "Dear Rose White, thanks                    | Rose White",
        "My name is Ubul                            | Ubul",
        "Name: Nayla Montero                        | Nayla Montero",
        "Hello, this is Dr. Kudryashov              | Kudryashov",
        "ms. Quinzia called                         | Quinzia",
        "Follow up with Michael next week           | Michael",
        "Faina D. Yefremova wrote                   | Faina D. Yefremova",
        "a review by Sigrid Nyström                 | Sigrid Nyström",
        "with Michael's order                       | Michael",
        "Microsoft Jordan Smith                     | Jordan Smith",
        "Anna-Lena Schmidt                          | Anna-Lena Schmidt",
        "Willemine van der Berg                     | Willemine van der Berg",
      })
  void namesAreFound(String text, String name) {
    assertThat(names(text.strip())).containsExactly("name<" + name.strip() + ">");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "We shipped to Jordan last week", // a country, and a name alone needs a cue
        "Jordan",
        "Mark as read",
        "Grace Period ends soon",
        "Rose Gold iPhone",
        "Long Island delivery",
        "White House tour",
        "May Sale",
        "King Size Bed",
        "Will you join?",
        "June Newsletter",
        "Young Adult Fiction",
        "Order Completed",
        "Product Viewed",
        "Add To Cart",
        "Checkout Started",
        "Sign Up",
        "Visit Smith Street",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36",
        "San Francisco",
        "JOHN SMITH", // all caps is not read as a name
        "The Jones, Smith and Davis Orchestra",
      })
  void notNames(String text) {
    assertThat(names(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Привет, меня зовут Иван Петров           | Иван Петров",
        "Γεια σας, είμαι ο Γεώργιος Παπαδόπουλος  | Γεώργιος Παπαδόπουλος",
        "Bonjour, je suis Amélie Dubois            | Amélie Dubois",
        "Hola, me llamo José Martínez              | José Martínez",
        "Kontakt: Jürgen Müller                    | Jürgen Müller",
        "고객 김민준 님                              | 김민준",
        "联系人 王浩宇 先生                          | 王浩宇",
      })
  void localizedNames(String text, String name) {
    assertThat(names(text.strip())).containsExactly("name<" + name.strip() + ">");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Mary, Ariana, Isabel and Jodi came", "Hannah and Kevin"})
  void listsOfGivenNamesVouchForEachOther(String text) {
    assertThat(names(text)).hasSizeGreaterThanOrEqualTo(2);
  }
}
