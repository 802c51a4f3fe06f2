package io.mailcluster.smtp.codec;

/**
 * Why a message read to its end is refused. The decoder keeps reading to the true end in
 * every case, so the client and we stay in step and the refusal is an ordinary reply.
 */
public enum DataRejection {
  /** More octets than max-message-size (RFC 1870), whatever SIZE the client declared. */
  TOO_BIG(SmtpReplies.MESSAGE_TOO_BIG),
  /** A bare CR or LF under policy reject (RFC 5321 2.3.8; SMTP smuggling defence). */
  BARE_LINE_ENDING(SmtpReplies.BARE_LINE_ENDING_IN_DATA),
  /** A text line longer than max-text-line-length (RFC 5321 4.5.3.1.6). */
  TEXT_LINE_TOO_LONG(SmtpReplies.TEXT_LINE_TOO_LONG);

  private final SmtpReply reply;

  DataRejection(SmtpReply reply) {
    this.reply = reply;
  }

  public SmtpReply reply() {
    return reply;
  }
}
