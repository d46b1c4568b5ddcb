package dev.sluice.core.generalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGeneralizationTest {
  static final GeneralizeContext CTX =
      new GeneralizeContext(null, () -> LocalDate.of(2026, 11, 25));
  static final Generalizer DOMAIN = Generalizers.parse("domain", CTX);
  static final Generalizer PATH = Generalizers.parse("path", CTX);

  static String domain(String url) {
    JsonNode n = DOMAIN.apply(TextNode.valueOf(url));
    return n == null ? null : n.textValue();
  }

  static String path(String url) {
    JsonNode n = PATH.apply(TextNode.valueOf(url));
    return n == null ? null : n.textValue();
  }

  @ParameterizedTest
  @CsvSource({
    "https://shop.example.com/cart?id=7, shop.example.com",
    "https://Jane:secret@Shop.Example.COM:8443/cart, shop.example.com",
    "http://jane@example.org, example.org",
    "https://example.com./x, example.com",
    "HTTPS://WWW.EXAMPLE.COM?q=jane, www.example.com",
    "https://example.com#section, example.com",
    "//cdn.example.net/lib.js, cdn.example.net",
    "android-app://com.example.app/https/example.com, com.example.app",
    "https://bücher.example/, bücher.example",
    "https://हिन्दी.example/, हिन्दी.example",
    "https://a.b@evil.example/path@x, evil.example",
    "https://foo_bar.example/, foo_bar.example",
  })
  void domainIsTheLowerCaseHost(String url, String host) {
    assertThat(domain(url)).isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "www.example.com/path",
        "/just/a/path",
        "mailto:jane@example.com",
        "jane@example.com",
        "https://",
        "https://:443/",
        "https://exa mple.com/",
        "https://example..com/",
        "https://example.com:http/",
        "https://203.0.113.7/admin",
        "https://[2001:db8::1]:8443/",
        "http://3405803783/",
        "http://0xcb.0.113.7/",
        "not a url at all",
        "http://１２７.０.０.１/", // fullwidth digits: browsers read 127.0.0.1
        "http://127．0．0．1/",
      })
  void notAUrlOrAnIpHostHasNoDomain(String value) {
    assertThat(domain(value)).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "https://app.example/users/48213/orders?x=1, /users/:id/orders",
    "https://app.example/users/48213/orders/3f2c0a4e-8b1d-4c6e-9f7a-2b5d8e1c4a90,"
        + " /users/:id/orders/:uuid",
    "https://app.example/reset/eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl,"
        + " /reset/:token",
    "https://app.example/reset/5f4dcc3b5aa765d61d8327deb882cf99, /reset/:token",
    "https://app.example/magic/xKqPzRmTwLvNbYcD, /magic/:token",
    "https://app.example/u/jane.doe@example.com/settings, /u/:email/settings",
    "https://app.example/u/jane.doe%40example.com/settings, /u/:email/settings",
    "https://medium.example/@janedoe/my-first-post, /:handle/my-first-post",
    "https://app.example/avatars/5f4dcc3b5aa765d61d8327deb882cf99.png, /avatars/:token.png",
    "https://app.example/invoices/48213.pdf, /invoices/:id.pdf",
    "https://shop.example/products/order-1234567, /products/:id",
    "https://app.example/cart;jsessionid=A1B2C3D4E5F6/checkout, /cart/checkout",
    "https://app.example, /",
    "https://app.example?q=1, /",
    "https://app.example/, /",
    "https://app.example/docs/, /docs/",
    "https://app.example/a//b, /a//b",
    "/users/42/orders#tab, /users/:id/orders",
    "/search?q=jane+doe, /search",
    "/blog/2024/11/25/hello, /blog/:id/:id/:id/hello", // every all-digit segment is an id
  })
  void pathKeepsWordsAndTemplatesIdentifiers(String url, String templated) {
    assertThat(path(url)).isEqualTo(templated);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/reset-password/confirm",
        "/blog/top-10-tips-for-2024",
        "/products/iphone15promax",
        "/api/v2/getUserProfile",
        "/docs/chapter-1-introduction-to-the-course",
        "/static/js/main.chunk.js",
        "/en-US/pricing",
        "/products/a1b2c3",
      })
  void ordinaryWordsAndSlugsAreKept(String p) {
    assertThat(path(p)).isEqualTo(p);
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/path", "example.com/users/1", "", "?q=1", "jane@example.com"})
  void neitherUrlNorAbsolutePathHasNoPath(String value) {
    assertThat(path(value)).isNull();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // personal data that no shape rule sees: found by the text scanner, segment by segment
        "https://shop.example/users/198.51.100.5/orders | /users/:ip/orders",
        "https://shop.example/users/Jennifer+Hargreaves/orders | /users/:name/orders",
        "https://shop.example/users/Jennifer%20Hargreaves | /users/:name",
        "https://shop.example/call/%2B1+415+555+1001 | /call/:phone",
        "https://shop.example/ship/123+Larkspur+Avenue/confirm | /ship/:address/confirm",
        "https://shop.example/products/blue-widget+2 | /products/blue-widget+2",
      })
  void personalDataInsideSegmentsIsTemplated(String url, String expected) {
    assertThat(path(url)).isEqualTo(expected);
  }

  @Test
  void hugeHostileInputStaysLinear() {
    String manySegments = "https://app.example" + "/a".repeat(500_000) + "?x";
    String oneSegment = "/" + "a1".repeat(500_000);
    String authority = "https://" + "a.".repeat(500_000) + "example/";
    long start = System.nanoTime();
    assertThat(path(manySegments)).hasSize(1_000_000);
    assertThat(path(oneSegment)).isEqualTo("/:token");
    assertThat(domain(authority)).isNull(); // longer than a host can be
    // Not a speed test: a generous bound that only quadratic work on 1 MB (minutes) can exceed,
    // so a loaded CI machine cannot fail it.
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(30));
  }

  @Test
  void nonAsciiDigitsAreDigitsToo() {
    assertThat(path("/users/４８２１３")).isEqualTo("/users/:id");
  }

  @Test
  void nonStringsHaveNoDomainAndNoPath() {
    assertThat(DOMAIN.apply(BooleanNode.TRUE)).isNull();
    assertThat(PATH.apply(BooleanNode.TRUE)).isNull();
    assertThat(PATH.apply(null)).isNull();
  }

  @Test
  void describesItself() {
    assertThat(DOMAIN.describe()).isEqualTo("domain");
    assertThat(PATH.describe()).isEqualTo("path");
  }
}
