package dev.sluice.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MasksTest {

  /** The characters of a mask that come from the value: everything but the mask's own symbols. */
  private static String revealed(String mask) {
    return mask.replaceAll("[*\\s@.:+]", "");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "EMAIL        | maria.kowalski@example.org          | m***@***.org",
        "EMAIL        | Jonas.Berg+news@mail.example.co.uk   | J***@***.uk",
        "EMAIL        | jonas.berg%40example.net             | j***@***.net",
        "EMAIL        | x@example.com                        | ***@***.com",
        "EMAIL        | ana@localhost                        | a***@***",
        "EMAIL        | not an address                       | [email]",
        "PHONE        | +1 415-555-0134                      | +1 *** *** **34",
        "PHONE        | +44 20 7946 0958                     | +44 *** *** **58",
        "PHONE        | (415) 555-0134                       | *** *** **34",
        "PHONE        | 12345                                | [phone]",
        "PAYMENT_CARD | 4111 1111 1111 1111                  | **** **** **** 1111",
        "PAYMENT_CARD | 378282246310005                      | **** **** **** 0005",
        "PAYMENT_CARD | 123                                  | [card]",
        "IBAN         | DE89 3704 0044 0532 0130 00          | DE** **** **** **** **30 00",
        "IBAN         | GB82WEST12345698765432               | GB** **** **** **** **54 32",
        "IBAN         | 12345                                | [iban]",
        "IP_ADDRESS   | 203.0.113.77                         | 203.0.113.*",
        "IP_ADDRESS   | 2001:0db8:85a3::8a2e:0370:7334       | 2001:db8:*",
        "IP_ADDRESS   | fe80::1%eth0                         | fe80:0:*",
        "IP_ADDRESS   | [2001:db8::1]                        | 2001:db8:*",
        "IP_ADDRESS   | ::ffff:192.0.2.1                     | 0:0:*",
        "IP_ADDRESS   | 1.2.3.4, 5.6.7.8                     | [ip]",
        "IP_ADDRESS   | 999.1.1.1                            | [ip]",
        "IP_ADDRESS   | 1:2:3                                | [ip]",
        "US_SSN       | 078-05-1120                          | [ssn]",
        "JWT          | eyJhbGciOiJIUzI1NiJ9.e30.sig         | [jwt]",
        "SECRET       | sk_live_4eC39HqLyjWDarjtT1zdp7dc     | [secret]",
        "PERSON_NAME  | Jordan Smith                         | [name]",
        "STREET_ADDRESS | 10 Downing Street                  | [address]",
        "PRECISE_LOCATION | 52.520008, 13.404954             | [geo]",
        "MAC_ADDRESS  | 00:1A:2B:3C:4D:5E                    | [mac]",
        "DATE_OF_BIRTH | 1990-04-01                          | [dob]",
        "ONLINE_ID    | u_8412                               | [online_id]",
        "DEVICE_ID    | 6D92078A-8246-4BA4-AE5B-76104861E7DC | [device_id]",
        "USER_AGENT   | Mozilla/5.0 (X11; Linux x86_64)      | [user_agent]",
      })
  void masksPerCategory(Category category, String value, String expected) {
    assertThat(Masks.mask(category, value)).isEqualTo(expected);
  }

  @Test
  void emailRevealsAtMostTheFirstCharacterAndTheTld() {
    Random r = new Random(4);
    for (int i = 0; i < 500; i++) {
      String local = word(r, 1 + r.nextInt(20));
      String tld = letters(r, 2 + r.nextInt(5));
      String email = local + "@" + word(r, 1 + r.nextInt(12)) + "." + tld;
      String m = Masks.mask(Category.EMAIL, email);
      assertThat(m).doesNotContain(email);
      if (local.length() > 6) {
        assertThat(m).doesNotContain(local);
      }
      assertThat(revealed(m).length()).isLessThanOrEqualTo(1 + tld.length());
      assertThat(m).endsWith("." + tld.toLowerCase());
    }
  }

  @Test
  void phoneCardAndIbanRevealOnlyTheAllowedDigits() {
    Random r = new Random(7);
    for (int i = 0; i < 500; i++) {
      String national = digits(r, 7 + r.nextInt(8));
      String phone = "+49 " + national;
      String pm = Masks.mask(Category.PHONE, phone);
      assertThat(pm).doesNotContain(national).startsWith("+49 ");
      assertThat(revealed(pm).length()).as(pm).isLessThanOrEqualTo(2 + 2);

      String card = digits(r, 12 + r.nextInt(8));
      String cm = Masks.mask(Category.PAYMENT_CARD, card);
      assertThat(cm).doesNotContain(card).endsWith(card.substring(card.length() - 4));
      assertThat(revealed(cm)).hasSize(4);

      String iban = "FR" + digits(r, 2) + digits(r, 11 + r.nextInt(19));
      String im = Masks.mask(Category.IBAN, iban);
      assertThat(im).doesNotContain(iban).startsWith("FR**");
      assertThat(revealed(im)).isEqualTo("FR" + iban.substring(iban.length() - 4));
    }
  }

  @Test
  void ipRevealsAPrefixOnly() {
    Random r = new Random(9);
    for (int i = 0; i < 200; i++) {
      String v4 = r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
      String m = Masks.mask(Category.IP_ADDRESS, v4);
      assertThat(m).doesNotContain(v4).endsWith(".*");
      assertThat(m.split("\\.")).hasSize(4);
      String v6 = String.join(":", hexGroups(r, 8));
      String m6 = Masks.mask(Category.IP_ADDRESS, v6);
      assertThat(m6).doesNotContain(v6).endsWith(":*");
      assertThat(m6.split(":")).hasSize(3);
    }
  }

  @Test
  void placeholderCategoriesRevealNothing() {
    EnumSet<Category> shaped =
        EnumSet.of(Category.EMAIL, Category.PHONE, Category.PAYMENT_CARD, Category.IBAN, Category.IP_ADDRESS);
    for (Category c : EnumSet.complementOf(shaped)) {
      assertThat(Masks.mask(c, "anything-at-all 12345 x@y.zz")).isEqualTo(c.placeholder());
    }
  }

  @Test
  void blankAndNullGetThePlaceholder() {
    assertThat(Masks.mask(Category.EMAIL, null)).isEqualTo("[email]");
    assertThat(Masks.mask(Category.PHONE, "  ")).isEqualTo("[phone]");
  }

  @Test
  void aMaskThatWouldContainTheValueFallsBackToThePlaceholder() {
    // masking a mask would echo it: the guard returns the placeholder instead
    assertThat(Masks.mask(Category.EMAIL, "a***@***.com")).isEqualTo("[email]");
    assertThat(Masks.mask(Category.IP_ADDRESS, "[::]")).isEqualTo("0:0:*");
  }

  @Test
  void percentDecodingLeavesPlusAndMalformedEscapesAlone() {
    assertThat(Masks.percentDecode("a%40b.com")).isEqualTo("a@b.com");
    assertThat(Masks.percentDecode("+1%20415")).isEqualTo("+1 415");
    assertThat(Masks.percentDecode("100%")).isEqualTo("100%");
    assertThat(Masks.percentDecode("%C3%A9t%C3%A9")).isEqualTo("été");
    assertThat(Masks.percentDecode("%FF%FE")).isEqualTo("%FF%FE");
  }

  private static String word(Random r, int n) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    StringBuilder b = new StringBuilder(n);
    b.append(alphabet.charAt(r.nextInt(62)));
    for (int i = 1; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(i == n - 1 ? 62 : alphabet.length())));
    }
    return b.toString();
  }

  private static String letters(Random r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    return b.toString();
  }

  private static String digits(Random r, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  private static String[] hexGroups(Random r, int n) {
    String[] g = new String[n];
    for (int i = 0; i < n; i++) {
      g[i] = Integer.toHexString(0x1000 + r.nextInt(0xf000));
    }
    return g;
  }
}
