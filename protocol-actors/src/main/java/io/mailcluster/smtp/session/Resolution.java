package io.mailcluster.smtp.session;

import java.util.List;

/** What the control data says about one RCPT address. */
public sealed interface Resolution {

  /** A local recipient; aliases already expanded to the mailboxes that receive the mail. */
  record Local(List<String> mailboxAddresses) implements Resolution {
    public Local {
      mailboxAddresses = List.copyOf(mailboxAddresses);
      if (mailboxAddresses.isEmpty()) {
        throw new IllegalArgumentException("a local recipient has at least one mailbox");
      }
    }
  }

  /** Our domain, but no such user or alias: 550 5.1.1. */
  record UnknownUser() implements Resolution {}

  /** Not our domain; without authentication we never relay: 550 5.7.1. */
  record NotOurDomain() implements Resolution {}

  /**
   * The mailbox is full, or the size MAIL FROM declared would not fit: 552 5.2.2, as the
   * product asks (RFC 5321 section 4.5.3.1.10 notes that clients should treat a 552 at RCPT
   * as temporary, and many do: they retry later).
   */
  record OverQuota() implements Resolution {}

  /** The control data or the quota could not be asked (entity down, timeout): 451 4.3.0. */
  record Unavailable() implements Resolution {}
}
