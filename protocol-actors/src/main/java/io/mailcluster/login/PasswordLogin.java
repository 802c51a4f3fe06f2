package io.mailcluster.login;

import io.mailcluster.control.ControlData;
import io.mailcluster.control.MailAddress;
import io.mailcluster.control.Rejection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user name and password checked against the shared control data, as POP3 and IMAP log in, with
 * the outcome recorded on the account for its audit trail ({@link ControlData#recordLogin}: a
 * LoginSucceeded or LoginFailed event with the protocol and the client's address).
 *
 * <ul>
 *   <li>A right password is answered only once its LoginSucceeded is persisted. If that fails,
 *       the check fails with {@link LoginNotRecordedException} (storage trouble: the protocols
 *       answer "try again later"), so no login goes unrecorded.
 *   <li>A wrong password is answered at once, whatever becomes of its LoginFailed (a failure to
 *       record it is logged as a warning). Not waiting also keeps the answer's timing the same
 *       for an existing account (whose record is a journal write) and an unknown one.
 *   <li>Nothing is recorded where there is no account to hold it: a user name that is not a
 *       mail address, an address with no account, or an account being removed (the entity
 *       refuses the record; that refusal is expected and not logged).
 * </ul>
 */
public final class PasswordLogin {

  private static final Logger log = LoggerFactory.getLogger(PasswordLogin.class);

  /** The protocol names the logins are recorded with. */
  public static final String IMAP = "imap";
  public static final String POP3 = "pop3";

  private final ControlData controlData;
  private final String protocol;

  /** @param protocol recorded with every login, e.g. {@link #IMAP} */
  public PasswordLogin(ControlData controlData, String protocol) {
    this.controlData = controlData;
    this.protocol = protocol;
  }

  /**
   * The canonical account address when the password is right (and the login recorded), empty
   * when it is not (or the user is not an address). A failed stage means the check could not be
   * made or the successful login not recorded (storage trouble).
   *
   * @param clientAddress the client's IP address as text (behind a balancer, from its PROXY header)
   */
  public CompletionStage<Optional<String>> check(
      String user, String password, String clientAddress) {
    String account;
    try {
      account = MailAddress.parse(user).address();
    } catch (Rejection notAnAddress) {
      // same answer as a wrong password, after the same work (ControlData hashes anyway)
      return controlData.verifyPassword(user, password).thenApply(ok -> Optional.empty());
    }
    return controlData.verifyPassword(account, password).thenCompose(ok -> ok
        ? recordSuccess(account, clientAddress)
        : recordFailure(account, clientAddress));
  }

  private CompletionStage<Optional<String>> recordSuccess(String account, String clientAddress) {
    return controlData.recordLogin(account, protocol, clientAddress, true)
        .handle((done, failure) -> {
          if (failure != null) {
            throw new LoginNotRecordedException(account, protocol, clientAddress, failure);
          }
          return Optional.of(account);
        });
  }

  private CompletionStage<Optional<String>> recordFailure(String account, String clientAddress) {
    controlData.recordLogin(account, protocol, clientAddress, false)
        .whenComplete((done, failure) -> {
          if (failure != null && !noAccount(failure)) {
            log.warn("{} login failure of {} from {} not recorded: {}", protocol, account,
                clientAddress, Rejection.messageOf(failure));
          }
        });
    return CompletableFuture.completedStage(Optional.empty());
  }

  /** The account does not exist or is being removed: there is nothing to record on. */
  private static boolean noAccount(Throwable failure) {
    Rejection.Kind kind = Rejection.kindOf(failure);
    return kind == Rejection.Kind.NOT_FOUND || kind == Rejection.Kind.CONFLICT;
  }
}
