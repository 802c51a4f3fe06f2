package io.mailcluster.smtp.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Every reply the SMTP server sends, named, with the RFC 5321 code and the RFC 3463
 * enhanced code chosen once here so sessions never assemble codes themselves.
 */
public final class SmtpReplies {

  private SmtpReplies() {}

  private static EnhancedStatus es(int c, int s, int d) {
    return EnhancedStatus.of(c, s, d);
  }

  /** Client text echoed in a reply loses control characters, so it cannot forge reply lines. */
  static String printable(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> b.appendCodePoint(cp < 32 || cp == 127 ? '?' : cp));
    return b.toString();
  }

  // --- greeting and session end -----------------------------------------------------------

  /** 220: the greeting; RFC 2034 says no enhanced code here. */
  public static SmtpReply greeting(String hostname) {
    return SmtpReply.withoutStatus(220, hostname + " ESMTP ready");
  }

  /** 221: answer to QUIT, then the server closes. */
  public static SmtpReply closing(String hostname) {
    return SmtpReply.of(221, es(2, 0, 0), hostname + " closing connection");
  }

  /** 421 4.4.2: no command or data within the configured timeout. */
  public static final SmtpReply TIMEOUT =
      SmtpReply.of(421, es(4, 4, 2), "Timeout waiting for client input, closing connection");

  /** 421 4.3.2: the node is shutting down (coordinated shutdown drains sessions). */
  public static final SmtpReply SHUTTING_DOWN =
      SmtpReply.of(421, es(4, 3, 2), "Service shutting down, closing connection");

  /** 421 4.7.0: the node already serves max-connections sessions. */
  public static final SmtpReply TOO_MANY_CONNECTIONS =
      SmtpReply.of(421, es(4, 7, 0), "Too many connections, try again later");

  /** 421 4.7.0: the session made max-errors failed commands. */
  public static final SmtpReply TOO_MANY_ERRORS =
      SmtpReply.of(421, es(4, 7, 0), "Too many errors, closing connection");

  // --- positive replies --------------------------------------------------------------------

  /** The capability lines of the EHLO reply, in the order they are advertised. */
  public static List<String> capabilities(long maxMessageSize) {
    return List.of(
        "PIPELINING", // RFC 2920
        "8BITMIME", // RFC 6152
        "SIZE " + maxMessageSize, // RFC 1870
        "ENHANCEDSTATUSCODES", // RFC 2034
        "SMTPUTF8", // RFC 6531
        "CHUNKING", // RFC 3030
        "BINARYMIME"); // RFC 3030 section 3: BODY=BINARYMIME, with BDAT only
  }

  /** 250 to EHLO: greeting line, then one line per extension; no enhanced code (RFC 2034). */
  public static SmtpReply ehlo(String hostname, String clientDomain, long maxMessageSize) {
    List<String> lines = new ArrayList<>();
    lines.add(hostname + " greets " + printable(clientDomain));
    lines.addAll(capabilities(maxMessageSize));
    return new SmtpReply(250, java.util.Optional.empty(), lines);
  }

  /** 250 to HELO: no extensions are announced to a client that did not ask for them. */
  public static SmtpReply helo(String hostname, String clientDomain) {
    return SmtpReply.withoutStatus(250, hostname + " greets " + printable(clientDomain));
  }

  public static final SmtpReply OK = SmtpReply.of(250, es(2, 0, 0), "OK");
  public static final SmtpReply SENDER_OK = SmtpReply.of(250, es(2, 1, 0), "Sender OK");
  public static final SmtpReply RECIPIENT_OK = SmtpReply.of(250, es(2, 1, 5), "Recipient OK");
  public static final SmtpReply RESET_OK = SmtpReply.of(250, es(2, 0, 0), "Reset OK");

  /** 250 after the end of DATA or BDAT LAST, only once everything is durable. */
  public static SmtpReply messageAccepted(String messageId) {
    return SmtpReply.of(250, es(2, 0, 0), "Message accepted as " + messageId);
  }

  /** 250 after a non-LAST BDAT chunk. */
  public static SmtpReply chunkReceived(long octets) {
    return SmtpReply.of(250, es(2, 0, 0), octets + " octets received");
  }

  /** 252: VRFY is not answered truthfully (it would let anyone harvest addresses). */
  public static final SmtpReply VRFY_CANNOT_VERIFY = SmtpReply.of(
      252, es(2, 5, 0), "Cannot VRFY user, but will accept message and attempt delivery");

  /** 214: HELP. */
  public static final SmtpReply HELP = SmtpReply.of(214, es(2, 0, 0),
      "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP");

  /** 354: go ahead with DATA content; no enhanced code on 3xx (RFC 2034). */
  public static final SmtpReply START_DATA =
      SmtpReply.withoutStatus(354, "End data with <CR><LF>.<CR><LF>");

  // --- transient failures ------------------------------------------------------------------

  /** 451 4.3.0: storage failed; nothing was kept, the client retries. */
  public static final SmtpReply LOCAL_ERROR =
      SmtpReply.of(451, es(4, 3, 0), "Local error in processing, try again later");

  /** 452 4.5.3: more than max-recipients; the client sends the rest in another transaction. */
  public static final SmtpReply TOO_MANY_RECIPIENTS =
      SmtpReply.of(452, es(4, 5, 3), "Too many recipients");

  // --- permanent failures: commands --------------------------------------------------------

  /** 500 5.5.2: verb not recognized. */
  public static final SmtpReply UNRECOGNIZED =
      SmtpReply.of(500, es(5, 5, 2), "Syntax error, command unrecognized");

  /** 500 5.5.6: command line longer than max-command-line-length (RFC 5321 4.5.3.1.4). */
  public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, es(5, 5, 6), "Line too long");

  /** 500 5.5.6: a DATA text line longer than max-text-line-length (RFC 5321 4.5.3.1.6). */
  public static final SmtpReply TEXT_LINE_TOO_LONG =
      SmtpReply.of(500, es(5, 5, 6), "Message rejected: text line too long");

  /** 500 5.5.2: bare CR or LF inside a command line (RFC 5321 2.3.8: only CRLF ends a line). */
  public static final SmtpReply BARE_LINE_ENDING_IN_COMMAND =
      SmtpReply.of(500, es(5, 5, 2), "Syntax error, bare CR or LF in command line");

  /** 501 5.5.4: arguments the command cannot take. */
  public static SmtpReply syntaxError(String reason) {
    return SmtpReply.of(501, es(5, 5, 4), "Syntax error: " + printable(reason));
  }

  /** 501 5.1.7: the MAIL FROM path is not a valid address. */
  public static SmtpReply badSenderSyntax(String reason) {
    return SmtpReply.of(501, es(5, 1, 7), "Bad sender address syntax: " + printable(reason));
  }

  /** 501 5.1.3: the RCPT TO path is not a valid address. */
  public static SmtpReply badRecipientSyntax(String reason) {
    return SmtpReply.of(501, es(5, 1, 3), "Bad recipient address syntax: " + printable(reason));
  }

  /** 502 5.5.1: a known verb this server does not implement (EXPN, TURN, ETRN, ...). */
  public static final SmtpReply NOT_IMPLEMENTED =
      SmtpReply.of(502, es(5, 5, 1), "Command not implemented");

  /** 503 5.5.1: the command is valid but not now (e.g. RCPT before MAIL). */
  public static final SmtpReply BAD_SEQUENCE =
      SmtpReply.of(503, es(5, 5, 1), "Bad sequence of commands");

  /**
   * 554 5.5.1: DATA or BDAT in a transaction none of whose recipients was accepted. RFC 5321
   * section 3.3 allows 503 or 554 here; 554 "no valid recipients" tells a pipelining client
   * (RFC 2920 section 3.1) why its DATA failed, where 503 would suggest a client bug.
   */
  public static final SmtpReply NO_VALID_RECIPIENTS =
      SmtpReply.of(554, es(5, 5, 1), "No valid recipients");

  /** 504 5.5.4: a parameter value the server does not support. */
  public static SmtpReply parameterNotImplemented(String reason) {
    return SmtpReply.of(504, es(5, 5, 4), "Command parameter not implemented: " + printable(reason));
  }

  /** 555 5.5.4: MAIL/RCPT parameter unknown or malformed (RFC 5321 4.1.1.11). */
  public static SmtpReply badParameter(String reason) {
    return SmtpReply.of(555, es(5, 5, 4), "Parameter not recognized or not implemented: " + printable(reason));
  }

  /** 553 5.6.7: a UTF-8 address without the SMTPUTF8 parameter (RFC 6531 section 3.5). */
  public static final SmtpReply UTF8_ADDRESS_NEEDS_SMTPUTF8 =
      SmtpReply.of(553, es(5, 6, 7), "Non-ASCII address requires SMTPUTF8");

  // --- permanent failures: recipients and messages -----------------------------------------

  /** 550 5.1.1: a local domain, but no such user or alias. */
  public static final SmtpReply UNKNOWN_USER =
      SmtpReply.of(550, es(5, 1, 1), "Recipient address rejected: user unknown");

  /** 550 5.7.1: a domain that is not ours from an unauthenticated client: no open relay. */
  public static final SmtpReply RELAY_DENIED =
      SmtpReply.of(550, es(5, 7, 1), "Relay access denied");

  /** 554 5.7.1: the same refusal where a transaction-level reply is wanted. */
  public static final SmtpReply TRANSACTION_RELAY_DENIED =
      SmtpReply.of(554, es(5, 7, 1), "Relay access denied");

  /** 552 5.3.4: the message is larger than max-message-size (RFC 1870). */
  public static final SmtpReply MESSAGE_TOO_BIG =
      SmtpReply.of(552, es(5, 3, 4), "Message size exceeds fixed maximum message size");

  /**
   * 552 5.2.2 at the end of the message: it fits in none of the recipients' mailboxes (with
   * one recipient, its mailbox), so nothing was stored.
   */
  public static final SmtpReply OVER_QUOTA =
      SmtpReply.of(552, es(5, 2, 2), "Mailbox full");

  /**
   * 552 5.2.2 at RCPT: this recipient's mailbox is at or over its quota, or the size MAIL FROM
   * declared would not fit. Permanent as the product owner asked; RFC 5321 section
   * 4.5.3.1.10 notes that clients should take a 552 at RCPT as temporary, and many retry.
   */
  public static SmtpReply mailboxFull(String address) {
    return SmtpReply.of(552, es(5, 2, 2), "<" + printable(address) + ">: mailbox full");
  }

  /**
   * 554 5.6.0: DATA content held a bare CR or LF and the policy is reject. RFC 5321 2.3.8
   * forbids them and they are the raw material of SMTP smuggling; 554 is what hMailServer
   * and similar servers answer, 5.6.0 ("other media error", RFC 3463) since no more specific
   * code is registered for it.
   */
  public static final SmtpReply BARE_LINE_ENDING_IN_DATA =
      SmtpReply.of(554, es(5, 6, 0), "Message rejected: bare CR or LF in message content");

  /** 554 5.6.0: content the server cannot accept for another media reason. */
  public static SmtpReply mediaError(String reason) {
    return SmtpReply.of(554, es(5, 6, 0), printable(reason));
  }
}
