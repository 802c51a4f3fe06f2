package io.mailcluster.login;

/**
 * A right password whose LoginSucceeded could not be persisted: the login is refused as storage
 * trouble (never as a wrong password, and never as the record's own rejection), so that every
 * login that gets in is in the account's audit trail.
 */
public final class LoginNotRecordedException extends RuntimeException {

  public LoginNotRecordedException(
      String account, String protocol, String clientAddress, Throwable cause) {
    super(protocol + " login of " + account + " from " + clientAddress + " could not be recorded",
        cause);
  }
}
