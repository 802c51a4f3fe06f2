package io.mailcluster.smtp.codec;

import static io.mailcluster.smtp.codec.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BdatDecoderTest {

  private static Runs.ContentRun decode(long chunkSize, String input) {
    return Splits.sameForEverySplit(input, chunks ->
        Runs.content(() -> Runs.of(new BdatDecoder(chunkSize)), chunks).comparable());
  }

  /** chunk size, wire bytes -> content, and what is left for the command decoder. */
  static Stream<Arguments> takesExactlyTheChunk() {
    return Stream.of(
        Arguments.of("plainChunk", 5L, "helloQUIT\r\n", "hello", "QUIT\r\n"),
        Arguments.of("endOfDataMarkerInsideAChunkEndsNothing", 12L,
            "a\r\n.\r\nb\r\n.\r\nQUIT\r\n", "a\r\n.\r\nb\r\n.\r\n", "QUIT\r\n"),
        Arguments.of("dotsAreNotUnstuffed", 6L, "..x\r\n.RSET\r\n", "..x\r\n.", "RSET\r\n"),
        Arguments.of("bareLineEndingsAreContentNotFraming", 6L, "a\n.\n\rbNOOP\r\n", "a\n.\n\rb", "NOOP\r\n"),
        Arguments.of("zeroLengthLastChunk", 0L, "QUIT\r\n", "", "QUIT\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void takesExactlyTheChunk(String name, long size, String input, String content, String rest) {
    Runs.ContentRun run = decode(size, input);
    assertEquals(bytes(content), run.content());
    assertEquals(new ContentResult.End(size, Optional.empty()), run.end());
    assertEquals(bytes(rest), run.remainder());
  }

  @Test
  void waitsForTheWholeChunk() {
    Runs.ContentRun run = decode(10, "short");
    assertEquals(bytes("short"), run.content());
    assertNull(run.end());
  }

  @Test
  void refusesNegativeSize() {
    assertThrows(IllegalArgumentException.class, () -> new BdatDecoder(-1));
  }
}
