package io.mailcluster.pop3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pop3ParserTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CAPA|Capa[]",
      "capa|Capa[]",
      "STAT|Stat[]",
      "NOOP|Noop[]",
      "RSET|Rset[]",
      "QUIT|Quit[]",
      "USER alice@example.test|User[name=alice@example.test]",
      "LIST|ListMessages[message=0]",
      "LIST 3|ListMessages[message=3]",
      "UIDL|Uidl[message=0]",
      "uidl 12|Uidl[message=12]",
      "RETR 1|Retr[message=1]",
      "DELE 999999999|Dele[message=999999999]",
      "TOP 2 0|Top[message=2, lines=0]",
      "TOP 2 10|Top[message=2, lines=10]",
      "AUTH|Auth[null]",
      "AUTH plain|Auth[PLAIN]",
      "AUTH PLAIN AGFAYg==|Auth[PLAIN, <initial response>]",
      "APOP alice 0123|Unknown[keyword=APOP]",
      "STLS|Unknown[keyword=STLS]",
      "|Unknown[keyword=]",
  })
  void parsesCommands(String line, String expected) {
    assertEquals(expected, Pop3Parser.parse(line == null ? "" : line).toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "STAT 1", "QUIT now", "USER", "USER a b", "USER ", "PASS", "LIST 0", "LIST -1", "LIST +1",
      "LIST 1 2", "LIST x", "LIST 1234567890", "RETR", "RETR 0", "DELE 1a", "TOP 1", "TOP 1 -1",
      "TOP 0 1", "TOP 1 1 1", "AUTH PLAIN a b", "LIST  1",
  })
  void refusesBadArguments(String line) {
    assertInstanceOf(Pop3Command.Invalid.class, Pop3Parser.parse(line));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PASS secret|secret",
      "PASS with spaces  inside |with spaces  inside ",
      "pass x|x",
  })
  void passTakesTheRestOfTheLine(String line, String password) {
    assertEquals(password, assertInstanceOf(Pop3Command.Pass.class, Pop3Parser.parse(line)).password());
  }

  @org.junit.jupiter.api.Test
  void passwordsNeverShowInToString() {
    assertEquals("Pass[<redacted>]", Pop3Parser.parse("PASS hunter2").toString());
  }
}
