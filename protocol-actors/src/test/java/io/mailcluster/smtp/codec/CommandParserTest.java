package io.mailcluster.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mailcluster.smtp.codec.SmtpCommand.BadParameter;
import io.mailcluster.smtp.codec.SmtpCommand.BadRecipient;
import io.mailcluster.smtp.codec.SmtpCommand.BadSender;
import io.mailcluster.smtp.codec.SmtpCommand.Bdat;
import io.mailcluster.smtp.codec.SmtpCommand.Mail;
import io.mailcluster.smtp.codec.SmtpCommand.Rcpt;
import io.mailcluster.smtp.codec.SmtpCommand.SyntaxError;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines and what they parse to. Every line is also run through the
 * {@link CommandLineDecoder} split at every byte, so framing and parsing agree.
 */
class CommandParserTest {

  private static Mail mail(String path) {
    return new Mail(path, OptionalLong.empty(), BodyType.SEVEN_BIT, false);
  }

  /** Lines that parse to a specific command value. */
  static Stream<Arguments> parsesTo() {
    return Stream.of(
        Arguments.of("EHLO client.example", new SmtpCommand.Ehlo("client.example")),
        Arguments.of("ehlo client.example", new SmtpCommand.Ehlo("client.example")),
        Arguments.of("EhLo [192.0.2.1]", new SmtpCommand.Ehlo("[192.0.2.1]")),
        Arguments.of("HELO client.example", new SmtpCommand.Helo("client.example")),
        Arguments.of("MAIL FROM:<a@b.example>", mail("a@b.example")),
        Arguments.of("mail from:<a@b.example>", mail("a@b.example")),
        Arguments.of("MAIL FROM: <a@b.example>", mail("a@b.example")),
        Arguments.of("MAIL FROM:<>", mail("")),
        Arguments.of("MAIL FROM:<a@b.example>  ", mail("a@b.example")),
        Arguments.of("MAIL FROM:<a@[192.0.2.1]>", mail("a@[192.0.2.1]")),
        Arguments.of("MAIL FROM:<a@[IPv6:2001:db8::1]>", mail("a@[IPv6:2001:db8::1]")),
        Arguments.of("MAIL FROM:<\"john doe\"@b.example>", mail("\"john doe\"@b.example")),
        Arguments.of("MAIL FROM:<\"a\\\"b>c\"@b.example>", mail("\"a\\\"b>c\"@b.example")),
        Arguments.of("MAIL FROM:<first.last+tag@b.example>", mail("first.last+tag@b.example")),
        Arguments.of("MAIL FROM:<@relay1.example,@relay2.example:a@b.example>", mail("a@b.example")),
        Arguments.of("MAIL FROM:<a@b.example> SIZE=1000 BODY=8BITMIME",
            new Mail("a@b.example", OptionalLong.of(1000), BodyType.EIGHT_BIT_MIME, false)),
        Arguments.of("MAIL FROM:<a@b.example> body=binarymime size=0",
            new Mail("a@b.example", OptionalLong.of(0), BodyType.BINARY_MIME, false)),
        Arguments.of("MAIL FROM:<a@b.example> BODY=7BIT", mail("a@b.example")),
        Arguments.of("MAIL FROM:<jöran@bücher.example> SMTPUTF8",
            new Mail("jöran@bücher.example", OptionalLong.empty(), BodyType.SEVEN_BIT, true)),
        Arguments.of("MAIL FROM:<用户@例子.广告> SMTPUTF8 BODY=8BITMIME",
            new Mail("用户@例子.广告", OptionalLong.empty(), BodyType.EIGHT_BIT_MIME, true)),
        Arguments.of("RCPT TO:<x@y.example>", new Rcpt("x@y.example")),
        Arguments.of("rcpt to: <x@y.example>", new Rcpt("x@y.example")),
        Arguments.of("RCPT TO:<Postmaster>", new Rcpt("Postmaster")),
        Arguments.of("RCPT TO:<postmaster>", new Rcpt("postmaster")),
        Arguments.of("RCPT TO:<@hop.example:x@y.example>", new Rcpt("x@y.example")),
        Arguments.of("RCPT TO:<Δοκιμή@παράδειγμα.δοκιμή>", new Rcpt("Δοκιμή@παράδειγμα.δοκιμή")),
        Arguments.of("DATA", new SmtpCommand.Data()),
        Arguments.of("data ", new SmtpCommand.Data()),
        Arguments.of("BDAT 100", new Bdat(100, false)),
        Arguments.of("BDAT 0 LAST", new Bdat(0, true)),
        Arguments.of("bdat 5 last", new Bdat(5, true)),
        Arguments.of("RSET", new SmtpCommand.Rset()),
        Arguments.of("NOOP", new SmtpCommand.Noop()),
        Arguments.of("NOOP anything at all", new SmtpCommand.Noop()),
        Arguments.of("QUIT", new SmtpCommand.Quit()),
        Arguments.of("VRFY postmaster", new SmtpCommand.Vrfy("postmaster")),
        Arguments.of("HELP", new SmtpCommand.Help("")),
        Arguments.of("HELP MAIL", new SmtpCommand.Help("MAIL")),
        Arguments.of("EXPN staff", new SmtpCommand.NotImplemented("EXPN")),
        Arguments.of("STARTTLS", new SmtpCommand.NotImplemented("STARTTLS")),
        Arguments.of("FOO bar", new SmtpCommand.Unrecognized("FOO")),
        Arguments.of("", new SmtpCommand.Unrecognized("")),
        Arguments.of("MAIL FROM:<jöran@b.example>", new SmtpCommand.Utf8WithoutSmtpUtf8("jöran@b.example")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void parsesTo(String line, SmtpCommand expected) {
    assertEquals(expected, CommandParser.parse(line));
    assertEquals(expected, decodedWhateverTheSplit(line));
  }

  /** Lines that fail, with the kind of failure (and so the reply) they earn. */
  static Stream<Arguments> failsWith() {
    return Stream.of(
        Arguments.of("EHLO", SyntaxError.class),
        Arguments.of("HELO", SyntaxError.class),
        Arguments.of("MAIL", SyntaxError.class),
        Arguments.of("MAIL TO:<a@b.example>", SyntaxError.class),
        Arguments.of("MAIL FROM:a@b.example", BadSender.class),
        Arguments.of("MAIL FROM:<a@b.example", BadSender.class),
        Arguments.of("MAIL FROM:<a@b.example>x", BadSender.class),
        Arguments.of("MAIL FROM:<a..b@c.example>", BadSender.class),
        Arguments.of("MAIL FROM:<.a@c.example>", BadSender.class),
        Arguments.of("MAIL FROM:<a@-c.example>", BadSender.class),
        Arguments.of("MAIL FROM:<a@c..example>", BadSender.class),
        Arguments.of("MAIL FROM:<a@>", BadSender.class),
        Arguments.of("MAIL FROM:<@c.example>", BadSender.class),
        Arguments.of("MAIL FROM:<a b@c.example>", BadSender.class),
        Arguments.of("MAIL FROM:<\"unterminated@c.example>", BadSender.class),
        Arguments.of("MAIL FROM:<@relay:>", BadSender.class),
        Arguments.of("MAIL FROM:<a@[]>", BadSender.class),
        Arguments.of("MAIL FROM:<a@b.example> FOO=bar", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> SIZE", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> SIZE=abc", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> SIZE=-1", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> SIZE=99999999999999999999", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> SIZE=1 SIZE=2", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> BODY=QUUX", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> SMTPUTF8=yes", BadParameter.class),
        Arguments.of("MAIL FROM:<a@b.example> AUTH=<>", BadParameter.class),
        Arguments.of("RCPT", SyntaxError.class),
        Arguments.of("RCPT FROM:<x@y.example>", SyntaxError.class),
        Arguments.of("RCPT TO:<>", BadRecipient.class),
        Arguments.of("RCPT TO:x@y.example", BadRecipient.class),
        Arguments.of("RCPT TO:<x@y.example>junk", BadRecipient.class),
        Arguments.of("RCPT TO:<x@y.example> NOTIFY=NEVER", BadParameter.class),
        Arguments.of("DATA now", SyntaxError.class),
        Arguments.of("RSET please", SyntaxError.class),
        Arguments.of("QUIT now", SyntaxError.class),
        Arguments.of("VRFY", SyntaxError.class),
        Arguments.of("BDAT", SyntaxError.class),
        Arguments.of("BDAT -1", SyntaxError.class),
        Arguments.of("BDAT 1x", SyntaxError.class),
        Arguments.of("BDAT 5 FIRST", SyntaxError.class),
        Arguments.of("BDAT 5 LAST extra", SyntaxError.class),
        Arguments.of("BDAT 99999999999999999999", SyntaxError.class));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void failsWith(String line, Class<? extends SmtpCommand.Invalid> kind) {
    assertInstanceOf(kind, CommandParser.parse(line));
    assertInstanceOf(kind, decodedWhateverTheSplit(line));
  }

  /** Each kind of failure answers the reply the RFCs give it. */
  static Stream<Arguments> failureReplies() {
    return Stream.of(
        Arguments.of(new SmtpCommand.Unrecognized("X"), 500, "5.5.2"),
        Arguments.of(new SmtpCommand.NotImplemented("EXPN"), 502, "5.5.1"),
        Arguments.of(new SyntaxError("x"), 501, "5.5.4"),
        Arguments.of(new BadSender("x"), 501, "5.1.7"),
        Arguments.of(new BadRecipient("x"), 501, "5.1.3"),
        Arguments.of(new BadParameter("x"), 555, "5.5.4"),
        Arguments.of(new SmtpCommand.Utf8WithoutSmtpUtf8("x"), 553, "5.6.7"),
        Arguments.of(new SmtpCommand.BareLineEnding(), 500, "5.5.2"),
        Arguments.of(new SmtpCommand.LineTooLong(), 500, "5.5.6"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void failureReplies(SmtpCommand.Invalid invalid, int code, String enhanced) {
    assertEquals(code, invalid.reply().code());
    assertEquals(enhanced, invalid.reply().status().orElseThrow().toString());
  }

  @org.junit.jupiter.api.Test
  void rcptKnowsWhenItNeedsSmtpUtf8() {
    assertEquals(true, new Rcpt("jöran@b.example").needsSmtpUtf8());
    assertEquals(false, new Rcpt("joran@b.example").needsSmtpUtf8());
  }

  private static SmtpCommand decodedWhateverTheSplit(String line) {
    var run = Splits.sameForEverySplit(line + "\r\n", chunks -> Runs.commands(512, chunks));
    assertEquals(1, run.commands().size());
    return run.commands().get(0);
  }
}
