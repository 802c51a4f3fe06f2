package io.mailcluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class MailAddressTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alice@example.com | alice@example.com",
        "Alice@Example.COM | alice@example.com",
        "first.last@example.com | first.last@example.com",
        "a+tag@example.com | a+tag@example.com",
        "o'brien@example.ie | o'brien@example.ie",
        "!#$%&'*+-/=?^_`{}~@example.com | !#$%&'*+-/=?^_`{}~@example.com",
        "x@xn--bcher-kva.example | x@xn--bcher-kva.example",
      })
  void acceptsAndCanonicalizes(String input, String canonical) {
    assertEquals(canonical, MailAddress.parse(input).address());
  }

  @Test
  void splitsLocalPartAndDomain() {
    MailAddress address = MailAddress.parse("Bob.Smith@Mail.Example.org");
    assertEquals("bob.smith", address.localPart());
    assertEquals(new DomainName("mail.example.org"), address.domain());
  }

  @Test
  void acceptsLongestAddress() {
    String local = "a".repeat(64);
    String domain = ("b".repeat(62) + ".").repeat(2) + "c".repeat(63); // 189 characters
    String address = local + "@" + domain;
    assertEquals(254, address.length());
    assertEquals(address, MailAddress.parse(address).address());
  }

  @ParameterizedTest
  @NullAndEmptySource
  void rejectsEmpty(String input) {
    assertInvalid(input, "address must not be empty");
  }

  static Object[][] invalid() {
    return new Object[][] {
      {"alice", "address must contain '@'"},
      {"@example.com", "address has an empty local part"},
      {"alice@", "domain name must not be empty"},
      {"alice@localhost", "domain name 'localhost' is a single label; a fully qualified name is needed"},
      {"alice@[192.168.0.1]", "domain name IP literals are not accepted"},
      {"alice@192.168.0.1", "domain name '192.168.0.1' has a numeric top-level label (IP addresses are not accepted)"},
      {"a".repeat(65) + "@example.com", "address local part is longer than 64 characters"},
      {"a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62),
        "address is longer than 254 characters"},
      {".alice@example.com", "address local part '.alice' has a leading, trailing or double dot"},
      {"alice.@example.com", "address local part 'alice.' has a leading, trailing or double dot"},
      {"al..ice@example.com", "address local part 'al..ice' has a leading, trailing or double dot"},
      {"\"alice\"@example.com", "address local part is a quoted string; only dot-atoms are accepted"},
      {"a@b@example.com", "address local part 'a@b' contains '@'"},
      {"al(ice)@example.com", "address local part 'al(ice)' contains '('"},
      {"al,ice@example.com", "address local part 'al,ice' contains ','"},
      {"al ice@example.com", "address must not contain whitespace"},
      {"alice@exa mple.com", "domain name must not contain whitespace"},
      {"al\rice@example.com", "address must not contain whitespace"},
      {"al\u0001ice@example.com", "address must not contain control characters"},
      {"jörg@example.com", "address local part contains non-ASCII characters (SMTPUTF8 is not supported)"},
      {"joerg@bücher.example", "domain name contains non-ASCII characters; IDN must be given in punycode (xn--)"},
      {"alice@-example.com", "domain name label '-example' starts or ends with a hyphen"},
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithClearMessage(String input, String message) {
    assertInvalid(input, message);
  }

  private static void assertInvalid(String input, String message) {
    Rejection rejection = assertThrows(Rejection.class, () -> MailAddress.parse(input));
    assertEquals(Rejection.Kind.INVALID, rejection.kind());
    assertEquals(message, rejection.getMessage());
  }
}
