package io.mailcluster.smtp.codec;

import static io.mailcluster.smtp.codec.BareLineEndingPolicy.NORMALIZE;
import static io.mailcluster.smtp.codec.BareLineEndingPolicy.REJECT;
import static io.mailcluster.smtp.codec.DataRejection.BARE_LINE_ENDING;
import static io.mailcluster.smtp.codec.DataRejection.TEXT_LINE_TOO_LONG;
import static io.mailcluster.smtp.codec.DataRejection.TOO_BIG;
import static io.mailcluster.smtp.codec.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataDecoderTest {

  private static Runs.ContentRun decode(String input, long maxSize, int maxLine, BareLineEndingPolicy policy) {
    return Splits.sameForEverySplit(input, chunks -> Runs.content(
        () -> Runs.of(new DataDecoder(maxSize, maxLine, policy)), chunks).comparable());
  }

  private static Runs.ContentRun decode(String input, BareLineEndingPolicy policy) {
    return decode(input, 1_000_000, 1000, policy);
  }

  /** Accepted messages: wire input -> stored content, and what follows the end. */
  static Stream<Arguments> accepts() {
    return Stream.of(
        Arguments.of("simpleMessage", "Subject: hi\r\n\r\nHello\r\n.\r\n", "Subject: hi\r\n\r\nHello\r\n", ""),
        Arguments.of("emptyMessageEndsAtOnce", ".\r\n", "", ""),
        Arguments.of("leadingDotIsUnstuffed", "..hidden\r\n.\r\n", ".hidden\r\n", ""),
        Arguments.of("doubleDotLineBecomesSingleDot", "a\r\n..\r\n.\r\n", "a\r\n.\r\n", ""),
        Arguments.of("tripleDotLosesOneDot", "...\r\n.\r\n", "..\r\n", ""),
        Arguments.of("dotInsideALineIsKept", "a.b\r\n.x\r\n.\r\n", "a.b\r\nx\r\n", ""),
        Arguments.of("dotThenSpaceIsNotTheEnd", "a\r\n. \r\n.\r\n", "a\r\n \r\n", ""),
        Arguments.of("pipelinedCommandAfterEndIsLeftOver", "a\r\n.\r\nQUIT\r\n", "a\r\n", "QUIT\r\n"),
        Arguments.of("eightBitContentPassesUntouched", "Grüße\r\n.\r\n", "Grüße\r\n", ""),
        Arguments.of("nothingFollowsWithoutEnd", "a\r\n.\r", null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void accepts(String name, String input, String content, String remainder) {
    for (BareLineEndingPolicy policy : BareLineEndingPolicy.values()) {
      Runs.ContentRun run = decode(input, policy);
      if (content == null) {
        assertNull(run.end(), "no end without <CRLF>.<CRLF>");
        continue;
      }
      assertEquals(bytes(content), run.content());
      assertEquals(new ContentResult.End(bytes(content).size(), Optional.empty()), run.end());
      assertEquals(bytes(remainder), run.remainder());
    }
  }

  /**
   * SMTP smuggling: sequences some servers take as end-of-data. None of them ends ours; the
   * smuggled "second message" is part of the first, which ends only at the real CRLF.CRLF.
   */
  static Stream<Arguments> smuggling() {
    String smuggled = "MAIL FROM:<admin@bank.example>\r\nRCPT TO:<victim@d.example>\r\nDATA\r\nevil\r\n";
    return Stream.of(
        Arguments.of("lfDotLf", "a\n.\n" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("crDotCr", "a\r.\r" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("lfDotCrLf", "a\n.\r\n" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("crLfDotLf", "a\r\n.\n" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("crLfDotCr", "a\r\n.\r" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("crDotCrLf", "a\r.\r\n" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("lfDotCr", "a\n.\r" + smuggled, "a\r\n.\r\n" + smuggled),
        Arguments.of("crLfDotCrCrLf", "a\r\n.\r\r\n" + smuggled, "a\r\n.\r\n\r\n" + smuggled),
        Arguments.of("bareLfAtStart", "\n.\n" + smuggled, "\r\n.\r\n" + smuggled));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smuggling")
  void smugglingSequenceDoesNotEndDataAndIsRejected(String name, String body, String normalized) {
    Runs.ContentRun run = decode(body + ".\r\nQUIT\r\n", REJECT);
    assertEquals(Optional.of(BARE_LINE_ENDING), run.end().rejection());
    assertEquals(bytes("QUIT\r\n"), run.remainder(), "the true end was found");
    assertTrue(run.content().size() <= 3, "nothing after the bare line ending is handed out");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smuggling")
  void smugglingSequenceDoesNotEndDataAndIsNormalized(String name, String body, String normalized) {
    Runs.ContentRun run = decode(body + ".\r\nQUIT\r\n", NORMALIZE);
    assertEquals(bytes(normalized), run.content());
    assertEquals(new ContentResult.End(bytes(normalized).size(), Optional.empty()), run.end());
    assertEquals(bytes("QUIT\r\n"), run.remainder());
  }

  @Test
  void normalizeDoesNotUnstuffAfterABareLf() {
    // a line start exists only after a real CRLF; see DataDecoder's class comment
    Runs.ContentRun run = decode("a\n..b\r\n.\r\n", NORMALIZE);
    assertEquals(bytes("a\r\n..b\r\n"), run.content());
  }

  @Test
  void bareLfInsideALineIsRejectedUnderReject() {
    Runs.ContentRun run = decode("Subject: x\n\r\nbody\r\n.\r\n", REJECT);
    assertEquals(Optional.of(BARE_LINE_ENDING), run.end().rejection());
  }

  static Stream<Arguments> limits() {
    return Stream.of(
        // max size 10: "12345678\r\n" is exactly 10 octets
        Arguments.of("messageExactlyAtMaxSize", "12345678\r\n.\r\n", 10L, 1000, Optional.empty(), 10L),
        Arguments.of("messageOneOverMaxSize", "123456789\r\n.\r\n", 10L, 1000, Optional.of(TOO_BIG), 11L),
        Arguments.of("stuffingDotDoesNotCountTowardSize", ".12345678\r\n.\r\n", 10L, 1000, Optional.empty(), 10L),
        Arguments.of("farTooBigIsReadToTheEnd", "x".repeat(500) + "\r\n.\r\n", 10L, 1000, Optional.of(TOO_BIG), 502L),
        // max line 10 including CRLF: 8 text octets fit
        Arguments.of("lineExactlyAtMaxLength", "12345678\r\n.\r\n", 1000L, 10, Optional.empty(), 10L),
        Arguments.of("lineOneOverMaxLength", "123456789\r\n.\r\n", 1000L, 10, Optional.of(TEXT_LINE_TOO_LONG), 11L),
        Arguments.of("stuffedLineCountsUnstuffed", ".12345678\r\n.\r\n", 1000L, 10, Optional.empty(), 10L),
        Arguments.of("lineLimitAppliesToEveryLine", "ok\r\n123456789\r\nok\r\n.\r\n", 1000L, 10,
            Optional.of(TEXT_LINE_TOO_LONG), 19L),
        Arguments.of("firstViolationWins", "123456789\r\n.\r\n", 5L, 10, Optional.of(TOO_BIG), 11L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void limits(String name, String input, long maxSize, int maxLine, Optional<DataRejection> rejection, long size) {
    Runs.ContentRun run = decode(input, maxSize, maxLine, REJECT);
    assertEquals(new ContentResult.End(size, rejection), run.end());
    assertEquals(ByteString.emptyByteString(), run.remainder());
    assertTrue(run.content().size() <= maxSize, "never more than the limit handed out");
  }

  @Test
  void largeMessageIsStreamedInChunksNoBiggerThanTheInput() {
    String line = "x".repeat(76) + "\r\n";
    String body = line.repeat(70_000); // about 5.5 MB
    ByteString wire = bytes(body + ".\r\n");
    int chunk = 64 * 1024;
    List<ByteString> chunks = new java.util.ArrayList<>();
    for (int i = 0; i < wire.size(); i += chunk) {
      chunks.add(wire.slice(i, Math.min(wire.size(), i + chunk)));
    }
    Runs.ContentRun run = Runs.content(() -> Runs.of(new DataDecoder(50L << 20, 1000, REJECT)), chunks);
    assertNotNull(run.end());
    assertEquals(body.length(), run.end().size());
    assertEquals(bytes(body), run.content());
    assertTrue(run.biggestChunk() <= chunk + 2, "content leaves as it arrives, not whole");
  }

  @Test
  void endIsReportedAfterTheLastContentChunk() {
    DataDecoder decoder = new DataDecoder(1000, 1000, REJECT);
    decoder.feed(bytes("a\r\n.\r\nNOOP\r\n"));
    assertEquals(new ContentResult.Content(bytes("a\r\n")), decoder.next());
    assertEquals(new ContentResult.End(3, Optional.empty()), decoder.next());
    assertEquals(bytes("NOOP\r\n"), decoder.takeRemainder());
  }

  @Test
  void rejectionRepliesAreTheDocumentedOnes() {
    assertEquals(SmtpReplies.MESSAGE_TOO_BIG, TOO_BIG.reply());
    assertEquals(SmtpReplies.BARE_LINE_ENDING_IN_DATA, BARE_LINE_ENDING.reply());
    assertEquals(SmtpReplies.TEXT_LINE_TOO_LONG, TEXT_LINE_TOO_LONG.reply());
  }
}
