package io.mailcluster.smtp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplyEncoderTest {

  private static String wire(SmtpReply reply) {
    return ReplyEncoder.encode(reply).decodeString(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> exactBytes() {
    return Stream.of(
        Arguments.of(SmtpReplies.greeting("mx.example.org"), "220 mx.example.org ESMTP ready\r\n"),
        Arguments.of(SmtpReplies.closing("mx.example.org"), "221 2.0.0 mx.example.org closing connection\r\n"),
        Arguments.of(SmtpReplies.OK, "250 2.0.0 OK\r\n"),
        Arguments.of(SmtpReplies.START_DATA, "354 End data with <CR><LF>.<CR><LF>\r\n"),
        Arguments.of(SmtpReplies.TOO_MANY_RECIPIENTS, "452 4.5.3 Too many recipients\r\n"),
        Arguments.of(SmtpReply.of(550, EnhancedStatus.of(5, 1, 1), "first", "second"),
            "550-5.1.1 first\r\n550 5.1.1 second\r\n"),
        Arguments.of(SmtpReply.of(250, EnhancedStatus.of(2, 0, 0), ""), "250 2.0.0 \r\n"),
        Arguments.of(SmtpReplies.ehlo("mx.example.org", "client.example", 52428800),
            "250-mx.example.org greets client.example\r\n"
                + "250-PIPELINING\r\n"
                + "250-8BITMIME\r\n"
                + "250-SIZE 52428800\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n"
                + "250-SMTPUTF8\r\n"
                + "250-CHUNKING\r\n"
                + "250 BINARYMIME\r\n"));
  }

  @ParameterizedTest
  @MethodSource
  void exactBytes(SmtpReply reply, String expected) {
    assertEquals(expected, wire(reply));
  }

  @Test
  void encodesUtf8TextAsUtf8() {
    var reply = SmtpReply.of(250, EnhancedStatus.of(2, 1, 5), "<jöran@bücher.example> OK");
    assertEquals("250 2.1.5 <jöran@bücher.example> OK\r\n", wire(reply));
  }

  @Test
  void refusesLineBreaksInReplyText() {
    assertThrows(IllegalArgumentException.class,
        () -> SmtpReply.of(250, EnhancedStatus.of(2, 0, 0), "ok\r\n250 forged"));
  }

  @Test
  void clientTextEchoedInRepliesCannotInjectLines() {
    assertEquals("501 5.5.4 Syntax error: a?b\r\n", wire(SmtpReplies.syntaxError("a\nb")));
  }

  @Test
  void refusesEnhancedClassThatDisagreesWithCode() {
    assertThrows(IllegalArgumentException.class,
        () -> SmtpReply.of(550, EnhancedStatus.of(4, 1, 1), "x"));
  }

  @Test
  void refusesInvalidCodes() {
    assertThrows(IllegalArgumentException.class, () -> SmtpReply.withoutStatus(199, "x"));
    assertThrows(IllegalArgumentException.class, () -> SmtpReply.withoutStatus(600, "x"));
    assertThrows(IllegalArgumentException.class, () -> EnhancedStatus.of(3, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new SmtpReply(250, Optional.empty(), List.of()));
  }

  /** The catalogue: each named reply has the code and enhanced code the RFCs ask for. */
  static Stream<Arguments> catalogue() {
    return Stream.of(
        Arguments.of(SmtpReplies.SENDER_OK, 250, "2.1.0"),
        Arguments.of(SmtpReplies.RECIPIENT_OK, 250, "2.1.5"),
        Arguments.of(SmtpReplies.chunkReceived(10), 250, "2.0.0"),
        Arguments.of(SmtpReplies.messageAccepted("id"), 250, "2.0.0"),
        Arguments.of(SmtpReplies.VRFY_CANNOT_VERIFY, 252, "2.5.0"),
        Arguments.of(SmtpReplies.TIMEOUT, 421, "4.4.2"),
        Arguments.of(SmtpReplies.TOO_MANY_ERRORS, 421, "4.7.0"),
        Arguments.of(SmtpReplies.TOO_MANY_CONNECTIONS, 421, "4.7.0"),
        Arguments.of(SmtpReplies.SHUTTING_DOWN, 421, "4.3.2"),
        Arguments.of(SmtpReplies.LOCAL_ERROR, 451, "4.3.0"),
        Arguments.of(SmtpReplies.TOO_MANY_RECIPIENTS, 452, "4.5.3"),
        Arguments.of(SmtpReplies.UNRECOGNIZED, 500, "5.5.2"),
        Arguments.of(SmtpReplies.LINE_TOO_LONG, 500, "5.5.6"),
        Arguments.of(SmtpReplies.TEXT_LINE_TOO_LONG, 500, "5.5.6"),
        Arguments.of(SmtpReplies.BARE_LINE_ENDING_IN_COMMAND, 500, "5.5.2"),
        Arguments.of(SmtpReplies.syntaxError("x"), 501, "5.5.4"),
        Arguments.of(SmtpReplies.badSenderSyntax("x"), 501, "5.1.7"),
        Arguments.of(SmtpReplies.badRecipientSyntax("x"), 501, "5.1.3"),
        Arguments.of(SmtpReplies.NOT_IMPLEMENTED, 502, "5.5.1"),
        Arguments.of(SmtpReplies.BAD_SEQUENCE, 503, "5.5.1"),
        Arguments.of(SmtpReplies.parameterNotImplemented("x"), 504, "5.5.4"),
        Arguments.of(SmtpReplies.UNKNOWN_USER, 550, "5.1.1"),
        Arguments.of(SmtpReplies.RELAY_DENIED, 550, "5.7.1"),
        Arguments.of(SmtpReplies.TRANSACTION_RELAY_DENIED, 554, "5.7.1"),
        Arguments.of(SmtpReplies.MESSAGE_TOO_BIG, 552, "5.3.4"),
        Arguments.of(SmtpReplies.OVER_QUOTA, 552, "5.2.2"),
        Arguments.of(SmtpReplies.UTF8_ADDRESS_NEEDS_SMTPUTF8, 553, "5.6.7"),
        Arguments.of(SmtpReplies.BARE_LINE_ENDING_IN_DATA, 554, "5.6.0"),
        Arguments.of(SmtpReplies.badParameter("x"), 555, "5.5.4"));
  }

  @ParameterizedTest
  @MethodSource
  void catalogue(SmtpReply reply, int code, String enhanced) {
    assertEquals(code, reply.code());
    assertEquals(Optional.of(enhanced), reply.status().map(EnhancedStatus::toString));
  }

  @Test
  void greetingEhloAndDataPromptCarryNoEnhancedCode() {
    // RFC 2034: not on the greeting, the EHLO/HELO reply, or 3xx intermediate replies
    assertEquals(Optional.empty(), SmtpReplies.greeting("h").status());
    assertEquals(Optional.empty(), SmtpReplies.ehlo("h", "c", 1).status());
    assertEquals(Optional.empty(), SmtpReplies.helo("h", "c").status());
    assertEquals(Optional.empty(), SmtpReplies.START_DATA.status());
  }
}
