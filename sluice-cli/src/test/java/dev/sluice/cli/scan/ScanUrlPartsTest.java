package dev.sluice.cli.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScanUrlPartsTest {
  @Test
  void hostIsLowerCaseWithoutUserInfoOrPort() {
    assertThat(UrlParts.host("https://User:pw@Collect.Tracker.Example:8443/p?x=1")).isEqualTo("collect.tracker.example");
    assertThat(UrlParts.host("http://[2001:db8::1]:80/")).isEqualTo("2001:db8::1");
    assertThat(UrlParts.host("data:image/gif;base64,AAAA")).isNull();
    assertThat(UrlParts.host("Checkout – Shop")).isNull();
  }

  @Test
  void locateNamesThePartAnOffsetFallsIn() {
    String url = "https://u:secret@t.example/reset/abc?ev=1&user%20email=a%40b.co#access_token=xyz";
    assertThat(UrlParts.locate(url, url.indexOf("secret"))).isEqualTo("userinfo");
    assertThat(UrlParts.locate(url, url.indexOf("t.example"))).isEqualTo("host");
    assertThat(UrlParts.locate(url, url.indexOf("abc"))).isEqualTo("path");
    assertThat(UrlParts.locate(url, url.indexOf("a%40"))).isEqualTo("query.user email");
    assertThat(UrlParts.locate(url, url.indexOf("xyz"))).isEqualTo("fragment.access_token");
    assertThat(UrlParts.locate("?a=1&b", 5)).isEqualTo("query");
  }

  @Test
  void sameSiteComparesRegistrableDomains() {
    assertThat(UrlParts.sameSite("api.shop.example", "www.shop.example")).isTrue();
    assertThat(UrlParts.sameSite("shop.example", "cdn.shop.example")).isTrue();
    assertThat(UrlParts.sameSite("www.shop.co.uk", "img.shop.co.uk")).isTrue();
    assertThat(UrlParts.sameSite("shop.co.uk", "other.co.uk")).isFalse();
    assertThat(UrlParts.sameSite("www.shop.example", "collect.tracker.example")).isFalse();
    assertThat(UrlParts.sameSite("10.0.0.1", "10.0.0.2")).isFalse();
  }
}
