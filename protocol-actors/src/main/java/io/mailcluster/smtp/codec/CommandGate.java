package io.mailcluster.smtp.codec;

import java.util.Optional;

/**
 * The one place that answers "not now": 503 5.5.1 when a command is issued in a phase its
 * declaration does not list (RFC 5321 4.1.4 ordering rules).
 */
public final class CommandGate {

  private CommandGate() {}

  /** Empty when the command may run in {@code phase}, else the 503 reply to send. */
  public static Optional<SmtpReply> check(SessionPhase phase, SmtpCommand command) {
    return command.allowedIn().contains(phase)
        ? Optional.empty()
        : Optional.of(SmtpReplies.BAD_SEQUENCE);
  }
}
