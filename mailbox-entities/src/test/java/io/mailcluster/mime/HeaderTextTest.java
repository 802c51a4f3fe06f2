package io.mailcluster.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Dates and address lists as real mail writes them. */
class HeaderTextTest {

  static Stream<Arguments> dates() {
    return Stream.of(
        Arguments.of("Fri, 21 Nov 1997 09:55:06 -0600", "1997-11-21T15:55:06Z"),
        Arguments.of("21 Nov 1997 09:55:06 +0000", "1997-11-21T09:55:06Z"),
        Arguments.of("Thu, 13 Feb 1969 23:32 -0330 (Newfoundland Time)", "1969-02-14T03:02:00Z"),
        Arguments.of("Mon, 3 Mar 2025 14:00:00 GMT", "2025-03-03T14:00:00Z"),
        Arguments.of("Mon, 3 Mar 25 14:00:00 EST", "2025-03-03T19:00:00Z"),
        Arguments.of("Mon,\r\n 3 Mar 2025 14:00:00 +0100", "2025-03-03T13:00:00Z"),
        Arguments.of("not a date", null),
        Arguments.of("32 Jan 2025 10:00:00 +0000", null),
        Arguments.of("", null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("dates")
  void parsesDatesLeniently(String raw, String expected) {
    assertEquals(expected == null ? null : Instant.parse(expected), HeaderText.parseDate(raw));
  }

  private static EnvelopeAddress a(String name, String adl, String mailbox, String host) {
    return new EnvelopeAddress(name, adl, mailbox, host);
  }

  static Stream<Arguments> addresses() {
    return Stream.of(
        Arguments.of("alice@example.org", List.of(a(null, null, "alice", "example.org"))),
        Arguments.of("Alice <alice@example.org>", List.of(a("Alice", null, "alice", "example.org"))),
        Arguments.of("\"Doe, \\\"J\\\"\" <j@example.org>", List.of(a("Doe, \"J\"", null, "j", "example.org"))),
        Arguments.of("alice@example.org (Alice Comment)", List.of(a(null, null, "alice", "example.org"))),
        Arguments.of("John Q. Public <jqp@example.org>", List.of(a("John Q. Public", null, "jqp", "example.org"))),
        Arguments.of("<@relay.example,@b.example:x@example.org>",
            List.of(a(null, "@relay.example,@b.example", "x", "example.org"))),
        Arguments.of("=?UTF-8?Q?J=C3=BCrgen?= <j@example.de>, b@example.com",
            List.of(a("=?UTF-8?Q?J=C3=BCrgen?=", null, "j", "example.de"), a(null, null, "b", "example.com"))),
        Arguments.of("Team: ;", List.of(a(null, null, "Team", null), a(null, null, null, null))),
        Arguments.of("postmaster", List.of(a(null, null, "postmaster", ""))),
        Arguments.of("\"odd local\"@example.org", List.of(a(null, null, "odd local", "example.org"))),
        Arguments.of(" , ,", List.of()),
        Arguments.of("<>", List.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("addresses")
  void parsesAddressListsIntoEnvelopeAddresses(String raw, List<EnvelopeAddress> expected) {
    assertEquals(expected, AddressParser.parse(raw));
  }
}
