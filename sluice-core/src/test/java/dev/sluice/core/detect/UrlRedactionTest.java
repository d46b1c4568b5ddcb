package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** URLs are split and each part is checked on its own; redaction keeps them valid URLs. */
class UrlRedactionTest {
  private static final TextScanner SCANNER = new TextScanner();

  private static String redact(String text) {
    return Redaction.redact(text, SCANNER.scan(text, ScanHints.NONE));
  }

  private static List<String> found(String text) {
    return DetectData.show(text, SCANNER.scan(text, ScanHints.NONE));
  }

  @Test
  void theIssueExample() {
    assertThat(redact("https://app.example/reset?email=jane.doe@example.com&token=abc123"))
        .isEqualTo("https://app.example/reset?email=%5Bemail%5D&token=%5Bsecret%5D");
  }

  @Test
  void parameterNamesClassifyWholeValuesEvenOddOnes() {
    assertThat(found("https://shop.example/p?email=not-an-address&phone=%2B1%20415&uid=u8412&q=shoes"))
        .containsExactly("email<not-an-address>", "phone<%2B1%20415>", "online_id<u8412>");
  }

  @Test
  void spansPointIntoTheEncodedString() {
    String url = "https://example.com/users/jane.doe%40example.com/profile?ref=mail";
    assertThat(found(url)).containsExactly("email<jane.doe%40example.com>");
    assertThat(redact(url)).isEqualTo("https://example.com/users/%5Bemail%5D/profile?ref=mail");
    String plus = "https://example.com/search?q=call+%2B1+415+555+0132+now";
    assertThat(found(plus)).containsExactly("phone<%2B1+415+555+0132>");
  }

  @Test
  void emailInAPathSegment() {
    assertThat(redact("https://crm.example/contacts/jane@example.com/edit"))
        .isEqualTo("https://crm.example/contacts/%5Bemail%5D/edit");
  }

  @Test
  void oauthImplicitFragment() {
    String url = "https://app.example/callback#access_token=ya29.a0Af&token_type=Bearer&expires_in=3599"
        + "&id_token=eyJhbGciOi.x.y&state=af0ifjsldkj";
    assertThat(redact(url))
        .isEqualTo("https://app.example/callback#access_token=%5Bsecret%5D&token_type=Bearer"
            + "&expires_in=3599&id_token=%5Bsecret%5D&state=%5Bsecret%5D");
  }

  @Test
  void oauthCodeAndStateOnlyInCallbacks() {
    assertThat(redact("https://app.example/oauth/callback?code=4%2F0AfJohX&state=xyz123"))
        .isEqualTo("https://app.example/oauth/callback?code=%5Bsecret%5D&state=%5Bsecret%5D");
    // elsewhere a code is a promo code and a state is a state
    assertThat(redact("https://shop.example/cart?code=SUMMER24&utm_source=news")).isEqualTo(
        "https://shop.example/cart?code=SUMMER24&utm_source=news");
    assertThat(redact("https://shop.example/stores?state=CA")).isEqualTo(
        "https://shop.example/stores?state=CA");
  }

  @Test
  void basicAuthCredentials() {
    assertThat(redact("https://admin:Tr0ub4dor3@internal.example/metrics"))
        .isEqualTo("https://admin:%5Bsecret%5D@internal.example/metrics");
  }

  @Test
  void resetAndMagicLinkTokensInThePath() {
    assertThat(redact("https://app.example/reset/Xk29fLq8ZpR3mN7vT1wYb4?utm_source=email"))
        .isEqualTo("https://app.example/reset/%5Bsecret%5D?utm_source=email");
    assertThat(redact("/magic-link/3f9a1c07e5b24d6e8a0b9c1d2e3f4a5b"))
        .isEqualTo("/magic-link/%5Bsecret%5D");
    // an ordinary path segment is left alone
    assertThat(redact("https://app.example/products/summer-collection-2024")).isEqualTo(
        "https://app.example/products/summer-collection-2024");
  }

  @Test
  void nestedRedirectUrlsAreSplitToo() {
    String url = "https://login.example/?next=https%3A%2F%2Fapp.example%2Fwelcome%3Femail%3Djane%40example.com";
    assertThat(found(url)).containsExactly("email<jane%40example.com>");
  }

  @Test
  void queryAndFragmentOnlyValues() {
    // Segment's context.page.search and hash fields
    assertThat(redact("?utm_source=news&email=jane@example.com")).isEqualTo("?utm_source=news&email=%5Bemail%5D");
    assertThat(redact("#/reset?token=abc123def")).isEqualTo("#/reset?token=%5Bsecret%5D");
  }

  @Test
  void ipHostsAndWebhookSecrets() {
    assertThat(found("http://203.0.113.7:8080/status")).containsExactly("ip<203.0.113.7>");
    assertThat(found("http://[2001:db8::1]/x")).containsExactly("ip<2001:db8::1>");
    assertThat(found("http://127.0.0.1:3000/")).isEmpty(); // loopback is nobody's address
    String hook = "https://hooks.slack.com/services/T00000000/B00000000/" + "XXXXXXXXXXXXXXXXXXXXXXXX";
    assertThat(found(hook)).containsExactly("secret<T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX>");
  }

  @Test
  void urlsInsideFreeText() {
    assertThat(redact("Clicked https://app.example/reset?token=abc123. Then wrote to jane@example.com"))
        .isEqualTo("Clicked https://app.example/reset?token=%5Bsecret%5D. Then wrote to [email]");
  }

  @Test
  void redactionKeepsPlainTextAndRejectsBadSpans() {
    assertThat(redact("Order 12 shipped; write jane@example.com")).isEqualTo("Order 12 shipped; write [email]");
    String text = "nothing here";
    assertThat(Redaction.redact(text, List.of())).isSameAs(text);
    assertThatThrownBy(() -> Redaction.redact("abcdef",
            List.of(new Span(Category.EMAIL, 2, 4), new Span(Category.PHONE, 3, 5))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
