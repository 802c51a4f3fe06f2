package io.mailcluster.smtp.codec;

import static io.mailcluster.smtp.codec.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs made of the characters that matter (dots, CR, LF), checked against
 * a plain model of RFC 5321 written as directly as possible — and fed at every split.
 */
class DecoderModelTest {

  private static final int CASES = 400;

  private static String randomInput(Random random, String alphabet, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** The model: the content starts after the DATA line's CRLF and ends at the first CRLF.CRLF. */
  private static void checkAgainstModel(String input) {
    String wire = "\r\n" + input;
    int end = wire.indexOf("\r\n.\r\n");
    Runs.ContentRun run = Splits.sameForEverySplit(input, chunks -> Runs.content(
        () -> Runs.of(new DataDecoder(1 << 20, 1000, BareLineEndingPolicy.REJECT)), chunks).comparable());
    if (end < 0) {
      assertNull(run.end(), input);
      return;
    }
    String body = wire.substring(2, end + 2);
    assertEquals(bytes(wire.substring(end + 5)), run.remainder(), input);
    if (hasBareLineEnding(wire, 2, end + 2)) {
      assertEquals(Optional.of(DataRejection.BARE_LINE_ENDING), run.end().rejection(), input);
    } else {
      String unstuffed = unstuff(body);
      assertEquals(bytes(unstuffed), run.content(), input);
      assertEquals(new ContentResult.End(unstuffed.length(), Optional.empty()), run.end(), input);
    }
  }

  private static boolean hasBareLineEnding(String wire, int from, int to) {
    for (int i = from; i < to; i++) {
      if (wire.charAt(i) == '\r' && (i + 1 >= to || wire.charAt(i + 1) != '\n')) {
        return true;
      }
      if (wire.charAt(i) == '\n' && wire.charAt(i - 1) != '\r') {
        return true;
      }
    }
    return false;
  }

  /** RFC 5321 4.5.2: a line's leading dot is removed. */
  private static String unstuff(String body) {
    StringBuilder b = new StringBuilder();
    for (String line : body.split("\r\n", -1)) {
      b.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
    }
    return b.substring(0, b.length() - 2); // split added one CRLF too many
  }

  @Test
  void dataDecoderAgreesWithTheModel() {
    Random random = new Random(5321);
    for (int i = 0; i < CASES; i++) {
      checkAgainstModel(randomInput(random, "a.\r\n", 16));
    }
  }

  @Test
  void dataDecoderNormalizeNeverStoresABareLineEnding() {
    Random random = new Random(6152);
    for (int i = 0; i < CASES; i++) {
      String input = randomInput(random, "a.\r\n", 16) + "\r\n.\r\n";
      Runs.ContentRun run = Splits.sameForEverySplit(input, chunks -> Runs.content(
          () -> Runs.of(new DataDecoder(1 << 20, 1000, BareLineEndingPolicy.NORMALIZE)), chunks).comparable());
      String content = run.content().utf8String();
      assertEquals(false, hasBareLineEnding("\r\n" + content, 2, content.length() + 2), input);
      assertEquals(Optional.empty(), run.end().rejection(), input);
    }
  }

  @Test
  void commandDecoderYieldsOneCommandPerCrlf() {
    Random random = new Random(2920);
    for (int i = 0; i < CASES; i++) {
      String input = randomInput(random, "NOP \r\n", 24);
      int crlfs = input.split("\r\n", -1).length - 1;
      var run = Splits.sameForEverySplit(input, chunks -> Runs.commands(16, chunks));
      assertEquals(crlfs, run.commands().size(), input);
    }
  }

  @Test
  void dataDecoderLimitsDoNotDependOnTheSplit() {
    Random random = new Random(1870);
    for (int i = 0; i < CASES; i++) {
      String input = randomInput(random, "ab.\r\n", 20) + "\r\n.\r\n";
      long maxSize = 1 + random.nextInt(12);
      int maxLine = 3 + random.nextInt(6);
      BareLineEndingPolicy policy = BareLineEndingPolicy.values()[random.nextInt(2)];
      Runs.ContentRun run = Splits.sameForEverySplit(input, chunks -> Runs.content(
          () -> Runs.of(new DataDecoder(maxSize, maxLine, policy)), chunks).comparable());
      String what = input + " size<=" + maxSize + " line<=" + maxLine + " " + policy;
      assertTrue(run.content().size() <= maxSize, what);
      if (run.end().size() > maxSize) {
        assertTrue(run.end().rejection().isPresent(), what);
      }
      if (run.end().rejection().equals(Optional.of(DataRejection.TOO_BIG))) {
        assertTrue(run.end().size() > maxSize, what);
      }
    }
  }
}
