package io.mailcluster.login;

import io.mailcluster.control.ControlData;
import io.mailcluster.control.MailAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A user name and password checked against the shared control data, as POP3 and IMAP log in. */
public final class PasswordLogin {

  private PasswordLogin() {}

  /**
   * The canonical account address when the password is right, empty when it is not (or the user
   * is not an address). A failed stage means the check could not be made (storage trouble).
   */
  public static CompletionStage<Optional<String>> check(ControlData controlData, String user, String password) {
    String account;
    try {
      account = MailAddress.parse(user).address();
    } catch (IllegalArgumentException notAnAddress) {
      // same answer as a wrong password, after the same work (ControlData hashes anyway)
      return controlData.verifyPassword(user, password).thenApply(ok -> Optional.empty());
    }
    return controlData.verifyPassword(account, password)
        .thenApply(ok -> ok ? Optional.of(account) : Optional.empty());
  }
}
