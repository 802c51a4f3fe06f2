package io.mailcluster.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.util.ByteString;

/**
 * Feeds one input to a decoder run in every way the network could deliver it: whole, split
 * in two at every byte position, and one byte at a time. The decoded result must not depend
 * on where TCP cut the stream; any difference fails the test and names the split.
 */
final class Splits {

  private Splits() {}

  /** Runs {@code run} on every chunking of {@code input}; returns the whole-input result. */
  static <T> T sameForEverySplit(byte[] input, Function<List<ByteString>, T> run) {
    ByteString all = ByteString.fromArray(input);
    T whole = run.apply(List.of(all));
    for (int cut = 0; cut <= input.length; cut++) {
      T split = run.apply(List.of(all.take(cut), all.drop(cut)));
      assertEquals(whole, split, "input split at byte " + cut);
    }
    List<ByteString> bytes = new ArrayList<>();
    for (int i = 0; i < input.length; i++) {
      bytes.add(all.slice(i, i + 1));
    }
    assertEquals(whole, run.apply(bytes), "input fed one byte at a time");
    return whole;
  }

  static <T> T sameForEverySplit(String input, Function<List<ByteString>, T> run) {
    return sameForEverySplit(input.getBytes(StandardCharsets.UTF_8), run);
  }

  static ByteString bytes(String s) {
    return ByteString.fromString(s, StandardCharsets.UTF_8);
  }
}
