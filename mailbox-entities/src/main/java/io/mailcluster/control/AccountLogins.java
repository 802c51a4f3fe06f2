package io.mailcluster.control;

import io.mailcluster.control.Account.LoginFailed;
import io.mailcluster.control.Account.LoginSucceeded;
import io.mailcluster.control.Account.RecordLogin;
import java.time.Instant;

/**
 * What {@link Account.RecordLogin} persists: the outcome of one password login, for the audit
 * trail. The events live forever and every login writes one, so their fields are bounded: a
 * protocol name and the client's IP address as text.
 */
final class AccountLogins {

  /** Longest protocol name accepted ("imap", "pop3", "submission", ...). */
  static final int MAX_PROTOCOL_LENGTH = 32;

  /** Longest client address accepted; an IPv6 literal takes at most 45 characters. */
  static final int MAX_CLIENT_ADDRESS_LENGTH = 64;

  private AccountLogins() {}

  /** The event for the command; a Rejection (INVALID) for an empty or too long field. */
  static Account.Event event(RecordLogin command, Instant at) {
    String protocol = checked("protocol", command.protocol(), MAX_PROTOCOL_LENGTH);
    String client = checked("client address", command.clientAddress(), MAX_CLIENT_ADDRESS_LENGTH);
    return command.succeeded()
        ? new LoginSucceeded(protocol, client, at)
        : new LoginFailed(protocol, client, at);
  }

  private static String checked(String what, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw Rejection.invalid("login " + what + " must not be empty");
    }
    if (value.length() > maxLength) {
      throw Rejection.invalid("login " + what + " is longer than " + maxLength + " characters");
    }
    return value;
  }
}
