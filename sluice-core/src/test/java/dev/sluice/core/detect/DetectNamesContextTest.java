package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names the lists do not know, found by their context. The names here are made up and in no list
 * sluice-core ships, so each case is found by its rule alone.
 */
class DetectNamesContextTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static List<String> names(String text) {
    return DetectData.show(text, SCANNER.scan(text, ScanHints.NONE).stream()
        .filter(s -> s.category() == Category.PERSON_NAME)
        .toList());
  }

  @Test
  void aFoundNameMentionedAgainByOneWord() {
    assertThat(names("Ms. Idonea Brackwater called; later Brackwater left early"))
        .containsExactly("name<Idonea Brackwater>", "name<Brackwater>");
    // before the full name too, and with a possessive
    assertThat(names("Brackwater's notes were sent to Ms. Idonea Brackwater"))
        .contains("name<Brackwater>", "name<Idonea Brackwater>");
    // only words of a found name: an unrelated capitalised word stays
    assertThat(names("Ms. Idonea Brackwater called Quarry Support")).containsExactly("name<Idonea Brackwater>");
  }

  @Test
  void aListNextToAFoundNameOrIntroducedAsPeople() {
    assertThat(names("Is it true? Quellan and Wilson were engineers."))
        .containsExactly("name<Quellan>", "name<Wilson>");
    assertThat(names("It was started by our founders: Quellan, Brisot and Varenne."))
        .containsExactly("name<Quellan>", "name<Brisot>", "name<Varenne>");
    // the same list without a word for people is a list of anything
    assertThat(names("It was started by our products: Quellan, Brisot and Varenne.")).isEmpty();
    // a singular verb makes a list one firm's name
    assertThat(names("Quellan, Brisot and Wilson is a law firm")).doesNotContain("name<Quellan>", "name<Brisot>");
  }

  @Test
  void theSpeakerOfAQuotation() {
    assertThat(names("\"We are glad to be here,\" says Torvaldine.")).containsExactly("name<Torvaldine>");
    assertThat(names("I'm so jealous! said Torvaldine to me")).containsExactly("name<Torvaldine>");
    assertThat(names("Torvaldine says hello")).isEmpty();
  }

  @Test
  void theAuthorOfAWork() {
    assertThat(names("The record was produced by Belisar Quonte in 1999")).containsExactly("name<Belisar Quonte>");
    assertThat(names("a film directed by Belisar Quonte and starring Quonte"))
        .containsExactly("name<Belisar Quonte>", "name<Quonte>");
    assertThat(names("Powered by Belisar Quonte")).isEmpty(); // not a creative work
  }

  @Test
  void aRelativeAfterAPossessive() {
    assertThat(names("I want to add my kid Tamsk as a user")).containsExactly("name<Tamsk>");
    assertThat(names("Please add the kid Tamsk as a user")).isEmpty();
  }

  @Test
  void speakersOfADialogueWithOneKnownName() {
    assertThat(names("Ubrik: Hello there.\nMaria: Hi!\nUbrik: Bye"))
        .containsExactly("name<Ubrik>", "name<Maria>", "name<Ubrik>");
    // without a known name among the speakers a "Word: text" block is a form
    assertThat(names("Ubrik: Hello there.\nQuonte: Hi!")).isEmpty();
  }

  @Test
  void aMiddleInitialBetweenTwoWords() {
    assertThat(names("Quillon T Varbeck signed the form")).containsExactly("name<Quillon T Varbeck>");
    assertThat(names("Quillon T. Varbeck signed the form")).containsExactly("name<Quillon T. Varbeck>");
  }

  @Test
  void someoneAddressedOrIntroducingThemselves() {
    assertThat(names("Tamsk, can you call me back?")).containsExactly("name<Tamsk>");
    assertThat(names("Hi, I'm Wendrik")).containsExactly("name<Wendrik>");
    // "I'm" is never part of the name
    assertThat(names("I'm Daniel's daughter")).containsExactly("name<Daniel>");
    assertThat(names("Hi Freddy, I'm writing about my order")).containsExactly("name<Freddy>");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Sorry, can you repeat that?",
        "Status: Done\nPriority: High",
        "Powered by Stripe",
        "Mark as read, Mark as unread",
        "Grace period: 3 days",
        "Jordan, can you believe it?",
        "I'm Sorry",
        "our products: Basic, Pro and Enterprise",
      })
  void lookAlikesStayUnflagged(String text) {
    assertThat(names(text)).isEmpty();
  }
}
