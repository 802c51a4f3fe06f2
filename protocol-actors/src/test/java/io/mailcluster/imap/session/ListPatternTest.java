package io.mailcluster.imap.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListPatternTest {

  @ParameterizedTest(name = "\"{0}\" \"{1}\" {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "''|*|a/b/c|true",
      "''|%|a/b|false",
      "''|%|a|true",
      "''|a/%|a/b|true",
      "''|a/%|a/b/c|false",
      "a|%|a/b|true",
      "a/|%|a/b|true",
      "''|inbox|INBOX|true",
      "''|Inbox*|INBOX|true",
      "''|inbox|inbox2|false",
      "''|a.b|axb|false",
      "''|Ünï*|Ünïcode|true",
  })
  void matchesAsRfc9051Says(String reference, String pattern, String name, boolean matches) {
    assertEquals(matches, new ListPattern(reference, pattern).matches(name));
  }
}
