package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailboxNameTest {

  /** name, its modified UTF-7 form. */
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("INBOX", "INBOX"),
        Arguments.of("", ""),
        Arguments.of("Tom & Jerry", "Tom &- Jerry"),
        Arguments.of("&", "&-"),
        Arguments.of("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        Arguments.of("Entwürfe", "Entw&APw-rfe"),
        Arguments.of("Gelöschte Elemente", "Gel&APY-schte Elemente"),
        Arguments.of("Отправленные", "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"),
        Arguments.of("ü", "&APw-"),
        Arguments.of("üü", "&APwA,A-"),
        Arguments.of("üüü", "&APwA,AD8-"),
        Arguments.of("😀 mail", "&2D3eAA- mail"),
        Arguments.of("a\tb", "a&AAk-b"),
        Arguments.of("~/&/+,-", "~/&-/+,-"));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void encodes(String name, String encoded) {
    assertEquals(encoded, MailboxName.encode(name));
  }

  @ParameterizedTest
  @MethodSource("pairs")
  void decodes(String name, String encoded) {
    assertEquals(Optional.of(name), MailboxName.decode(encoded));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Entwürfe", "x&y&&z", "日本語/台北", "😀😀 & 😀", "a\u0001b", "\u00e9t\u00e9"})
  void roundTrips(String name) {
    assertEquals(Optional.of(name), MailboxName.decode(MailboxName.encode(name)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "&", // shift never closed
      "a&APw", // shift never closed
      "&A-", // 6 bits: not a whole octet, let alone a UTF-16 unit
      "&APx-", // leftover bits are not zero
      "&APw/-", // '/' is not in the modified alphabet
      "&AGE-", // 'a' encoded although it stands for itself
      "&2D0-", // lone high surrogate
      "&3gA-", // lone low surrogate
      "&AP-", // odd octet count
      "Entwürfe", // raw 8-bit
      "tab\there", // raw control character
  })
  void refusesInvalidInput(String encoded) {
    assertEquals(Optional.empty(), MailboxName.decode(encoded));
  }
}
