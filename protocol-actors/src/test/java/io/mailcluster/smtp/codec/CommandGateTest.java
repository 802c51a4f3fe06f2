package io.mailcluster.smtp.codec;

import static io.mailcluster.smtp.codec.SessionPhase.BDAT;
import static io.mailcluster.smtp.codec.SessionPhase.CONNECTED;
import static io.mailcluster.smtp.codec.SessionPhase.GREETED;
import static io.mailcluster.smtp.codec.SessionPhase.MAIL;
import static io.mailcluster.smtp.codec.SessionPhase.RCPT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sequencing table (RFC 5321 4.1.4, RFC 3030 2), checked for every command and phase. */
class CommandGateTest {

  static Stream<Arguments> table() {
    Set<SessionPhase> always = EnumSet.of(CONNECTED, GREETED, MAIL, RCPT, BDAT);
    return Stream.of(
        Arguments.of("EHLO c.example", always),
        Arguments.of("HELO c.example", always),
        Arguments.of("MAIL FROM:<a@b.example>", EnumSet.of(GREETED)),
        Arguments.of("RCPT TO:<a@b.example>", EnumSet.of(MAIL, RCPT)),
        Arguments.of("DATA", EnumSet.of(RCPT)),
        Arguments.of("BDAT 10", EnumSet.of(RCPT, BDAT)),
        Arguments.of("BDAT 10 LAST", EnumSet.of(RCPT, BDAT)),
        Arguments.of("RSET", always),
        Arguments.of("NOOP", always),
        Arguments.of("QUIT", always),
        Arguments.of("VRFY x", always),
        Arguments.of("HELP", always),
        // failures pass the gate so the session can answer their own, more precise, reply
        Arguments.of("FOO", always),
        Arguments.of("MAIL FROM:broken", always));
  }

  @ParameterizedTest(name = "{0} allowed in {1}")
  @MethodSource("table")
  void gateAnswers503OutsideTheDeclaredPhases(String line, Set<SessionPhase> allowed) {
    SmtpCommand command = CommandParser.parse(line);
    for (SessionPhase phase : SessionPhase.values()) {
      Optional<SmtpReply> verdict = CommandGate.check(phase, command);
      if (allowed.contains(phase)) {
        assertEquals(Optional.empty(), verdict, line + " in " + phase);
      } else {
        assertEquals(Optional.of(SmtpReplies.BAD_SEQUENCE), verdict, line + " in " + phase);
      }
    }
  }

  @Test
  void noCommandIsAcceptedWhileDataContentIsRead() {
    table().forEach(a -> assertEquals(Optional.of(SmtpReplies.BAD_SEQUENCE),
        CommandGate.check(SessionPhase.DATA, CommandParser.parse((String) a.get()[0]))));
  }

  @Test
  void rejectsRcptBeforeMailWith503() {
    var reply = CommandGate.check(GREETED, CommandParser.parse("RCPT TO:<a@b.example>")).orElseThrow();
    assertEquals("503 5.5.1 Bad sequence of commands\r\n",
        ReplyEncoder.encode(reply).utf8String());
  }
}
