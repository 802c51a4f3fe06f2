package io.mailcluster.smtp.codec;

import static io.mailcluster.smtp.codec.Splits.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.smtp.codec.SmtpCommand.BareLineEnding;
import io.mailcluster.smtp.codec.SmtpCommand.LineTooLong;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineDecoderTest {

  private static final int MAX = 512;

  private static Runs.CommandRun decode(String input) {
    return Splits.sameForEverySplit(input, chunks -> Runs.commands(MAX, chunks));
  }

  private static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }

  /** Framing cases: input -> commands and leftover, whatever the split. */
  static Stream<Arguments> frames() {
    String noop510 = "NOOP " + repeat('x', 505); // 510 octets + CRLF = 512: the limit
    String noop511 = "NOOP " + repeat('x', 506); // 511 + CRLF = 513: one over
    return Stream.of(
        Arguments.of("singleCommand", "QUIT\r\n", List.of(new SmtpCommand.Quit()), ""),
        Arguments.of("noLineYet", "QUI", List.of(), "QUI"),
        Arguments.of("crAtTheEndWaitsForLf", "QUIT\r", List.of(), "QUIT\r"),
        Arguments.of("pipelinedCommandsComeOneByOne",
            "MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nRCPT TO:<e@f.example>\r\nDATA\r\n",
            List.of(new SmtpCommand.Mail("a@b.example", java.util.OptionalLong.empty(), BodyType.SEVEN_BIT, false),
                new SmtpCommand.Rcpt("c@d.example"), new SmtpCommand.Rcpt("e@f.example"),
                new SmtpCommand.Data()), ""),
        Arguments.of("pipelinedContentAfterDataStaysForTheDataDecoder",
            "DATA\r\nSubject: hi\r\n", List.of(new SmtpCommand.Data()), "Subject: hi\r\n"),
        Arguments.of("lineExactlyAtTheLimitIsAccepted", noop510 + "\r\n", List.of(new SmtpCommand.Noop()), ""),
        Arguments.of("lineOneOverTheLimitIsTooLong", noop511 + "\r\nQUIT\r\n",
            List.of(new LineTooLong(), new SmtpCommand.Quit()), ""),
        Arguments.of("veryLongLineIsDiscardedUpToItsCrlf", repeat('A', 5000) + "\r\nNOOP\r\n",
            List.of(new LineTooLong(), new SmtpCommand.Noop()), ""),
        Arguments.of("tooLongLineWithBareCrIsStillTooLong", noop510 + "\rx\r\n",
            List.of(new LineTooLong()), ""),
        Arguments.of("bareLfDoesNotEndACommand", "NOOP\nQUIT\r\n", List.of(new BareLineEnding()), ""),
        Arguments.of("bareCrDoesNotEndACommand", "NOOP\rQUIT\r\n", List.of(new BareLineEnding()), ""),
        Arguments.of("crCrLfHasABareCr", "NOOP\r\r\n", List.of(new BareLineEnding()), ""),
        Arguments.of("lfCrIsBareLfThenAPendingCr", "NOOP\n\r", List.of(), "NOOP\n\r"),
        Arguments.of("smuggledRcptBehindBareLfIsNotACommand",
            "MAIL FROM:<a@b.example>\nRCPT TO:<victim@d.example>\r\nNOOP\r\n",
            List.of(new BareLineEnding(), new SmtpCommand.Noop()), ""),
        Arguments.of("lfOnlyClientGetsNothingUntilCrlf", "QUIT\n", List.of(), "QUIT\n"),
        Arguments.of("utf8ArgumentIsDecoded", "VRFY \u00ff\r\n",
            List.of(new SmtpCommand.Vrfy("\u00ff")), ""),
        Arguments.of("emptyLineIsUnrecognized", "\r\n", List.of(new SmtpCommand.Unrecognized("")), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void frames(String name, String input, List<SmtpCommand> expected, String remainder) {
    Runs.CommandRun run = decode(input);
    assertEquals(expected, run.commands());
    assertEquals(bytes(remainder), run.remainder());
  }

  @Test
  void malformedUtf8IsASyntaxError() {
    byte[] input = {'V', 'R', 'F', 'Y', ' ', (byte) 0xC3, (byte) 0x28, '\r', '\n'};
    var run = Splits.sameForEverySplit(input, chunks -> Runs.commands(MAX, chunks));
    assertEquals(List.of(new SmtpCommand.SyntaxError("command line is not valid UTF-8")), run.commands());
  }

  @Test
  void limitIsConfigurable() {
    // 16 octets: "NOOP 0123456789" (15) + CRLF = 17 is one over, "NOOP 012345678" fits
    var fits = Splits.sameForEverySplit("NOOP 012345678\r\n", c -> Runs.commands(16, c));
    var over = Splits.sameForEverySplit("NOOP 0123456789\r\n", c -> Runs.commands(16, c));
    assertEquals(List.of(new SmtpCommand.Noop()), fits.commands());
    assertEquals(List.of(new LineTooLong()), over.commands());
  }

  @Test
  void endlessLineKeepsMemoryBounded() {
    CommandLineDecoder decoder = new CommandLineDecoder(MAX);
    ByteString chunk = bytes(repeat('A', 64 * 1024));
    for (int i = 0; i < 100; i++) {
      decoder.feed(chunk);
      assertEquals(DecodeResult.NEED_MORE, decoder.next());
    }
    assertTrue(decoder.takeRemainder().size() <= 1, "discarded bytes are not kept");
  }

  @Test
  void remainderHandsOffPipelinedBytesAndResets() {
    CommandLineDecoder decoder = new CommandLineDecoder(MAX);
    decoder.feed(bytes("BDAT 3 LAST\r\nabcQUIT\r\n"));
    assertEquals(new DecodeResult.Decoded(new SmtpCommand.Bdat(3, true)), decoder.next());
    assertEquals(bytes("abcQUIT\r\n"), decoder.takeRemainder());
    assertEquals(DecodeResult.NEED_MORE, decoder.next());
    decoder.feed(bytes("QUIT\r\n"));
    assertEquals(new DecodeResult.Decoded(new SmtpCommand.Quit()), decoder.next());
  }

  @Test
  void acceptsByteArraySlicesAndCopiesThem() {
    CommandLineDecoder decoder = new CommandLineDecoder(MAX);
    byte[] buffer = "xxQUIT\r\nyy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    decoder.feed(buffer, 2, 6);
    java.util.Arrays.fill(buffer, (byte) 0); // the caller reuses its read buffer
    assertEquals(new DecodeResult.Decoded(new SmtpCommand.Quit()), decoder.next());
  }
}
