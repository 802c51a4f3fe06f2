package io.mailcluster.imap.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequenceSetTest {

  private static SequenceSet parse(String text) throws CommandSyntaxException {
    CommandReader in = new CommandReader(List.of(new CommandPart.Text(text)), 4);
    SequenceSet set = SequenceSet.read(in);
    in.end();
    return set;
  }

  /** set | max ("*") | numbers 1..10 in the set */
  @ParameterizedTest(name = "{0} with * = {1}")
  @CsvSource(delimiter = '|', value = {
      "1|10|1",
      "2:4|10|2 3 4",
      "4:2|10|2 3 4",
      "*|10|10",
      "8:*|10|8 9 10",
      "*:9|10|9 10",
      "1,3,5:6|10|1 3 5 6",
      "12:*|10|10",
      "3:*|2|2 3",
  })
  void containsWhatItSays(String text, long max, String expected) throws CommandSyntaxException {
    SequenceSet set = parse(text);
    StringBuilder in = new StringBuilder();
    for (long n = 1; n <= 10; n++) {
      if (set.contains(n, max)) {
        in.append(in.length() == 0 ? "" : " ").append(n);
      }
    }
    assertEquals(expected, in.toString());
    assertEquals(text, set.toString());
  }

  @ParameterizedTest
  @CsvSource({"$"})
  void dollarIsTheSavedResult(String text) throws CommandSyntaxException {
    assertEquals(SequenceSet.savedResult(), parse(text));
  }
}
