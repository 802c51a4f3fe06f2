package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.control.Replies.assertAck;
import static io.mailcluster.control.Replies.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.Account.LoginFailed;
import io.mailcluster.control.Account.LoginSucceeded;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Account's login records (RecordLogin -> LoginSucceeded / LoginFailed) under the test kit. */
@ExtendWith(LogCapturing.class)
class AccountLoginsTest {

  private static final String HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

  private static final ActorTestKit testKit = TestKits.forEntities();

  private final EventSourcedBehaviorTestKit<Account.Command, Account.Event, Account.State> account =
      TestKits.entity(testKit, Account.create("alice@example.com"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clearJournal() {
    account.clear();
  }

  private void create() {
    assertAck(account.<StatusReply<Done>>runCommand(r -> new Account.Create(HASH, 0, r)).reply());
  }

  private CommandResultWithReply<Account.Command, Account.Event, Account.State, StatusReply<Done>>
      record(String protocol, String client, boolean succeeded) {
    return account.runCommand(r -> new Account.RecordLogin(protocol, client, succeeded, r));
  }

  @Test
  void successfulLoginIsRecordedWithProtocolClientAndTime() {
    create();
    Account.State before = account.getState();
    Instant earliest = Instant.now();
    var result = record("imap", "192.0.2.7", true);
    assertAck(result.reply());
    LoginSucceeded event = result.eventOfType(LoginSucceeded.class);
    assertEquals("imap", event.protocol());
    assertEquals("192.0.2.7", event.clientAddress());
    assertFalse(event.at().isBefore(earliest));
    assertFalse(event.at().isAfter(Instant.now()));
    assertEquals(before, result.state());
  }

  @Test
  void failedLoginIsRecordedAndChangesNothing() {
    create();
    Account.State before = account.getState();
    var result = record("pop3", "2001:db8::1", false);
    assertAck(result.reply());
    LoginFailed event = result.eventOfType(LoginFailed.class);
    assertEquals(new LoginFailed("pop3", "2001:db8::1", event.at()), event);
    assertEquals(before, result.state());
  }

  @Test
  void absentAccountRecordsNothing() {
    var result = record("imap", "192.0.2.7", false);
    assertRejected(result.reply(), NOT_FOUND, "account alice@example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void closingAccountRecordsNothing() {
    create();
    account.<StatusReply<AccountClosure>>runCommand(Account.Close::new);
    var result = record("imap", "192.0.2.7", true);
    assertRejected(result.reply(), CONFLICT, "account alice@example.com is being removed");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removedAccountRecordsNothing() {
    create();
    account.<StatusReply<AccountClosure>>runCommand(Account.Close::new);
    assertAck(account.<StatusReply<Done>>runCommand(Account.Remove::new).reply());
    var result = record("pop3", "192.0.2.7", true);
    assertRejected(result.reply(), NOT_FOUND, "account alice@example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void emptyOrOverlongFieldsAreInvalid() {
    create();
    String longAddress = "1".repeat(AccountLogins.MAX_CLIENT_ADDRESS_LENGTH + 1);
    String longProtocol = "p".repeat(AccountLogins.MAX_PROTOCOL_LENGTH + 1);
    List<String[]> cases = List.of(
        new String[] {"", "192.0.2.7", "login protocol must not be empty"},
        new String[] {null, "192.0.2.7", "login protocol must not be empty"},
        new String[] {"imap", " ", "login client address must not be empty"},
        new String[] {"imap", null, "login client address must not be empty"},
        new String[] {longProtocol, "192.0.2.7", "login protocol is longer than 32 characters"},
        new String[] {"imap", longAddress, "login client address is longer than 64 characters"});
    for (String[] c : cases) {
      var result = record(c[0], c[1], true);
      assertRejected(result.reply(), INVALID, c[2]);
      assertTrue(result.hasNoEvents());
    }
  }

  @Test
  void loginsReplayAndAccountStaysUsable() {
    create();
    record("imap", "192.0.2.7", false);
    record("imap", "192.0.2.7", true);
    Account.State before = account.getState();
    assertEquals(before, account.restart().state());
    var closed = account.<StatusReply<AccountClosure>>runCommand(Account.Close::new);
    assertTrue(closed.reply().isSuccess());
  }
}
