package io.mailcluster.smtp.delivery;

import io.mailcluster.quota.Quota;
import java.util.Collection;
import java.util.OptionalLong;

/**
 * When SMTP refuses mail for quota (the usage itself comes from
 * {@link io.mailcluster.quota.AccountUsage}). Pure, so the session's fake environment applies
 * the same rules as the node.
 */
public final class QuotaRules {

  private QuotaRules() {}

  /**
   * At RCPT, for the mailboxes one address expands to: refused only when none has room, as at
   * the end of the message. A mailbox at or over its quota takes nothing more; with MAIL FROM's
   * SIZE= the declared size must fit as well. Without SIZE a mailbox under its quota is accepted
   * here and the message's real size is checked at its end ({@link #admitsMessage}).
   */
  public static boolean admitsRecipient(Collection<Quota> mailboxes, OptionalLong declaredSize) {
    if (mailboxes.isEmpty()) {
      throw new IllegalArgumentException("a recipient has at least one mailbox");
    }
    return mailboxes.stream().anyMatch(q -> hasRoom(q, declaredSize));
  }

  private static boolean hasRoom(Quota quota, OptionalLong declaredSize) {
    if (quota.isFull()) {
      return false;
    }
    return declaredSize.isEmpty() || quota.admits(declaredSize.getAsLong());
  }

  /**
   * At the end of the message, {@code size} octets as stored: refused only when it fits in none
   * of the recipients' mailboxes. SMTP has one reply for the whole transaction and we never drop
   * mail silently, so when some mailboxes have room every recipient gets it, and those over
   * their quota go over by this one message (their next delivery is refused at RCPT).
   */
  public static boolean admitsMessage(Collection<Quota> recipients, long size) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a message has at least one recipient");
    }
    return recipients.stream().anyMatch(q -> q.admits(size));
  }
}
