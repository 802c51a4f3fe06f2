package io.mailcluster.smtp.codec;

/**
 * Where an SMTP session stands, as far as command sequencing cares. Commands declare the
 * phases they are valid in ({@link SmtpCommand#allowedIn()}); {@link CommandGate} answers
 * 503 for the rest, so no handler checks sequencing itself.
 */
public enum SessionPhase {
  /** Greeting sent, no EHLO/HELO yet. */
  CONNECTED,
  /** EHLO/HELO done, no transaction open. */
  GREETED,
  /** MAIL FROM accepted, no recipient yet. */
  MAIL,
  /** At least one RCPT TO accepted. */
  RCPT,
  /** Reading DATA content: bytes go to the DataDecoder, no command is parsed. */
  DATA,
  /** Between BDAT chunks (after a BDAT without LAST): only BDAT and session commands. */
  BDAT
}
