package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class DomainNameTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "example.com, example.com",
    "Example.COM, example.com",
    "mail.example.co.uk, mail.example.co.uk",
    "a-b.example, a-b.example",
    "xn--bcher-kva.example, xn--bcher-kva.example",
    "123.example.com, 123.example.com",
    "x.y, x.y",
    "example.xn--p1ai, example.xn--p1ai",
  })
  void acceptsAndCanonicalizes(String input, String canonical) {
    assertEquals(canonical, DomainName.parse(input).name());
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsEmpty(String input) {
    assertInvalid(input, "domain name must not be empty");
  }

  static Object[][] invalid() {
    String label64 = "a".repeat(64);
    String long254 = ("a".repeat(62) + ".").repeat(4) + "ab"; // 4*63 + 2 = 254
    return new Object[][] {
      {"localhost", "domain name 'localhost' is a single label; a fully qualified name is needed"},
      {".example.com", "domain name '.example.com' has a leading, trailing or double dot"},
      {"example.com.", "domain name 'example.com.' has a leading, trailing or double dot"},
      {"example..com", "domain name 'example..com' has a leading, trailing or double dot"},
      {"-ex.com", "domain name label '-ex' starts or ends with a hyphen"},
      {"ex-.com", "domain name label 'ex-' starts or ends with a hyphen"},
      {"ex_ample.com", "domain name label 'ex_ample' may hold only letters, digits and hyphens"},
      {"exa*mple.com", "domain name label 'exa*mple' may hold only letters, digits and hyphens"},
      {label64 + ".com", "domain name label '" + label64 + "' is longer than 63 characters"},
      {long254, "domain name is longer than 253 characters"},
      {"example.123", "domain name 'example.123' has a numeric top-level label (IP addresses are not accepted)"},
      {"192.168.1.1", "domain name '192.168.1.1' has a numeric top-level label (IP addresses are not accepted)"},
      {"[192.168.1.1]", "domain name IP literals are not accepted"},
      {"[IPv6:::1]", "domain name IP literals are not accepted"},
      {"exa mple.com", "domain name must not contain whitespace"},
      {"example.com\t", "domain name must not contain whitespace"},
      {"exa\u0000mple.com", "domain name must not contain control characters"},
      {"exa\u007fmple.com", "domain name must not contain control characters"},
      {"bücher.example", "domain name contains non-ASCII characters; IDN must be given in punycode (xn--)"},
      {"例え.jp", "domain name contains non-ASCII characters; IDN must be given in punycode (xn--)"},
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithClearMessage(String input, String message) {
    assertInvalid(input, message);
  }

  @Test
  void acceptsLongestName() {
    String longest = ("a".repeat(62) + ".").repeat(4) + "a"; // 4*63 + 1 = 253
    assertEquals(253, DomainName.parse(longest).name().length());
  }

  static void assertInvalid(String input, String message) {
    Rejection rejection = assertThrows(Rejection.class, () -> DomainName.parse(input));
    assertEquals(Rejection.Kind.INVALID, rejection.kind());
    assertEquals(message, rejection.getMessage());
  }
}
