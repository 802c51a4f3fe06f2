package io.mailcluster.smtp.codec;

import static io.mailcluster.smtp.codec.SessionPhase.BDAT;
import static io.mailcluster.smtp.codec.SessionPhase.CONNECTED;
import static io.mailcluster.smtp.codec.SessionPhase.GREETED;
import static io.mailcluster.smtp.codec.SessionPhase.MAIL;
import static io.mailcluster.smtp.codec.SessionPhase.RCPT;

import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed SMTP command line. Parse failures are commands too ({@link Invalid}), so the
 * session handles "what the client said" as one sealed type and every failure carries the
 * reply it earns.
 */
public sealed interface SmtpCommand {

  /** Phases in which this command may be issued; elsewhere {@link CommandGate} answers 503. */
  Set<SessionPhase> allowedIn();

  // Phase sets shared by several commands. DATA never appears: in it no command is parsed.

  /** RFC 5321 4.1.4: NOOP, HELP, VRFY, RSET, QUIT may come at any time. */
  Set<SessionPhase> ANY_TIME = Set.copyOf(EnumSet.of(CONNECTED, GREETED, MAIL, RCPT, BDAT));

  /**
   * EHLO/HELO: first thing, or again later (which resets the transaction, RFC 5321 4.1.4).
   * {@code domain} is the first word of the argument and is not validated: RFC 5321 4.1.4
   * forbids refusing mail because the name the client gives is wrong.
   */
  record Ehlo(String domain) implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  record Helo(String domain) implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  /**
   * MAIL FROM. {@code reversePath} is {@code ""} for the null sender {@code <>}; a source
   * route is dropped (RFC 5321 4.1.1.3 says to ignore it).
   */
  record Mail(String reversePath, OptionalLong size, BodyType body, boolean smtpUtf8)
      implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return Set.of(GREETED); // a second MAIL inside a transaction is a 503 (RFC 5321 4.1.4)
    }
  }

  /** RCPT TO; {@code forwardPath} is the address without angle brackets or source route. */
  record Rcpt(String forwardPath) implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return Set.of(MAIL, RCPT);
    }

    /** A UTF-8 address is only acceptable in a transaction whose MAIL said SMTPUTF8. */
    public boolean needsSmtpUtf8() {
      return !Addresses.isAscii(forwardPath);
    }
  }

  record Data() implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      // not in BDAT: RFC 3030 section 2 forbids mixing DATA into a BDAT transaction
      return Set.of(RCPT);
    }
  }

  /** BDAT (RFC 3030): exactly {@code chunkSize} octets follow the command line. */
  record Bdat(long chunkSize, boolean last) implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return Set.of(RCPT, BDAT);
    }
  }

  record Rset() implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  record Noop() implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  record Quit() implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  record Vrfy(String argument) implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  /** HELP with an optional topic ({@code ""} when none). */
  record Help(String argument) implements SmtpCommand {
    public Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  /**
   * A line that is not a usable command. Allowed everywhere so the gate lets it through and
   * the session answers its own reply (and counts the error).
   */
  sealed interface Invalid extends SmtpCommand {
    SmtpReply reply();

    default Set<SessionPhase> allowedIn() {
      return ANY_TIME;
    }
  }

  /** Unknown verb: 500 5.5.2. */
  record Unrecognized(String verb) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.UNRECOGNIZED;
    }
  }

  /** A verb we know of but do not offer (EXPN, TURN, ETRN, AUTH, STARTTLS for now): 502 5.5.1. */
  record NotImplemented(String verb) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.NOT_IMPLEMENTED;
    }
  }

  /** Known verb, wrong arguments: 501 5.5.4. */
  record SyntaxError(String reason) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.syntaxError(reason);
    }
  }

  /** MAIL FROM path unparseable: 501 5.1.7. */
  record BadSender(String reason) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.badSenderSyntax(reason);
    }
  }

  /** RCPT TO path unparseable: 501 5.1.3. */
  record BadRecipient(String reason) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.badRecipientSyntax(reason);
    }
  }

  /** Unknown, duplicated or malformed MAIL/RCPT parameter: 555 5.5.4 (RFC 5321 4.1.1.11). */
  record BadParameter(String reason) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.badParameter(reason);
    }
  }

  /** UTF-8 in MAIL FROM without the SMTPUTF8 parameter: 553 5.6.7 (RFC 6531 3.5). */
  record Utf8WithoutSmtpUtf8(String path) implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.UTF8_ADDRESS_NEEDS_SMTPUTF8;
    }
  }

  /** A bare CR or LF inside the command line: 500 5.5.2 (RFC 5321 2.3.8). */
  record BareLineEnding() implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.BARE_LINE_ENDING_IN_COMMAND;
    }
  }

  /** The command line exceeded max-command-line-length: 500 5.5.6 (RFC 5321 4.5.3.1.4). */
  record LineTooLong() implements Invalid {
    public SmtpReply reply() {
      return SmtpReplies.LINE_TOO_LONG;
    }
  }
}
