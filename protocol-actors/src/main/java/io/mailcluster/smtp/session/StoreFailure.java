package io.mailcluster.smtp.session;

import io.mailcluster.smtp.codec.SmtpReplies;
import io.mailcluster.smtp.codec.SmtpReply;

/** Why a message could not be stored, and what the client is told. */
public enum StoreFailure {
  /** Storage is down or timed out: 451 4.3.0, the client retries later. */
  TEMPORARY(SmtpReplies.LOCAL_ERROR),
  /** A recipient's mailbox filled up meanwhile: 552 5.2.2. */
  OVER_QUOTA(SmtpReplies.OVER_QUOTA);

  private final SmtpReply reply;

  StoreFailure(SmtpReply reply) {
    this.reply = reply;
  }

  public SmtpReply reply() {
    return reply;
  }
}
