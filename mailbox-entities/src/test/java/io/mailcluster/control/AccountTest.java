package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.control.Replies.assertAck;
import static io.mailcluster.control.Replies.assertRejected;
import static io.mailcluster.control.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.Account.AccountClosed;
import io.mailcluster.control.Account.AccountCreated;
import io.mailcluster.control.Account.AccountRemoved;
import io.mailcluster.control.Account.Active;
import io.mailcluster.control.Account.AliasAttached;
import io.mailcluster.control.Account.AliasDetached;
import io.mailcluster.control.Account.Closing;
import io.mailcluster.control.Account.PasswordChanged;
import io.mailcluster.control.Account.QuotaChanged;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(LogCapturing.class)
class AccountTest {

  private static final String HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
  private static final String NEW_HASH = "$argon2id$v=19$m=8,t=1,p=1$bmV3c2FsdA$bmV3aGFzaG5ld2hhc2huZXc";

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

  private CommandResultWithReply<Account.Command, Account.Event, Account.State, StatusReply<Done>> run(
      Function<ActorRef<StatusReply<Done>>, Account.Command> command) {
    return account.runCommand(command);
  }

  private Active create() {
    return run(r -> new Account.Create(HASH, 1000, r)).stateOfType(Active.class);
  }

  private CommandResultWithReply<Account.Command, Account.Event, Account.State, StatusReply<AccountClosure>>
      close() {
    return account.runCommand(Account.Close::new);
  }

  private void attach(String alias) {
    assertAck(run(r -> new Account.AttachAlias(alias, r)).reply());
  }

  @Test
  void createStoresHashAndQuota() {
    var result = run(r -> new Account.Create(HASH, 1000, r));
    assertAck(result.reply());
    AccountCreated event = result.eventOfType(AccountCreated.class);
    assertEquals(new AccountCreated(HASH, 1000, event.createdAt()), event);
    assertEquals(
        new Active(HASH, 1000, new TreeSet<>(), event.createdAt(), event.createdAt()),
        result.state());
  }

  @Test
  void createAcceptsZeroQuotaAsUnlimited() {
    var result = run(r -> new Account.Create(HASH, 0, r));
    assertAck(result.reply());
    assertEquals(0, result.stateOfType(Active.class).quotaBytes());
  }

  @Test
  void createRejectsExistingAccount() {
    create();
    var result = run(r -> new Account.Create(HASH, 1000, r));
    assertRejected(result.reply(), CONFLICT, "account alice@example.com already exists");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void createRejectsNegativeQuota() {
    var result = run(r -> new Account.Create(HASH, -1, r));
    assertRejected(result.reply(), INVALID, "quota must not be negative (0 means unlimited)");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void createRejectsEmptyHash() {
    var result = run(r -> new Account.Create("", 0, r));
    assertRejected(result.reply(), INVALID, "password hash must not be empty");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeReturnsAccountToAbsent() {
    create();
    close();
    var result = run(Account.Remove::new);
    assertAck(result.reply());
    assertEquals(new AccountRemoved(), result.event());
    assertEquals(new Account.Absent(), result.state());
  }

  @Test
  void removedAccountCanBeCreatedAgain() {
    create();
    close();
    run(Account.Remove::new);
    assertAck(run(r -> new Account.Create(NEW_HASH, 5, r)).reply());
    assertEquals(NEW_HASH, ((Active) account.getState()).passwordHash());
  }

  @Test
  void changePasswordReplacesHash() {
    Active before = create();
    var result = run(r -> new Account.ChangePassword(NEW_HASH, r));
    assertAck(result.reply());
    PasswordChanged event = result.eventOfType(PasswordChanged.class);
    assertEquals(NEW_HASH, event.passwordHash());
    assertEquals(before.withPassword(NEW_HASH, event.changedAt()), result.state());
  }

  @Test
  void changePasswordRejectsEmptyHash() {
    create();
    var result = run(r -> new Account.ChangePassword("", r));
    assertRejected(result.reply(), INVALID, "password hash must not be empty");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void setQuotaChangesQuota() {
    create();
    var result = run(r -> new Account.SetQuota(0, r));
    assertAck(result.reply());
    assertEquals(new QuotaChanged(0), result.event());
    assertEquals(0, result.stateOfType(Active.class).quotaBytes());
  }

  @Test
  void setQuotaToSameValueChangesNothing() {
    create();
    var result = run(r -> new Account.SetQuota(1000, r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void setQuotaRejectsNegativeQuota() {
    create();
    var result = run(r -> new Account.SetQuota(-5, r));
    assertRejected(result.reply(), INVALID, "quota must not be negative (0 means unlimited)");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void attachAliasRecordsAlias() {
    create();
    var result = run(r -> new Account.AttachAlias("info@example.org", r));
    assertAck(result.reply());
    assertEquals(new AliasAttached("info@example.org"), result.event());
    assertEquals(Set.of("info@example.org"), result.stateOfType(Active.class).aliases());
  }

  @Test
  void attachAliasIsIdempotent() {
    create();
    run(r -> new Account.AttachAlias("info@example.org", r));
    var result = run(r -> new Account.AttachAlias("info@example.org", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void detachAliasForgetsAlias() {
    create();
    run(r -> new Account.AttachAlias("info@example.org", r));
    var result = run(r -> new Account.DetachAlias("info@example.org", r));
    assertAck(result.reply());
    assertEquals(new AliasDetached("info@example.org"), result.event());
    assertEquals(Set.of(), result.stateOfType(Active.class).aliases());
  }

  @Test
  void detachAliasIsIdempotent() {
    create();
    var result = run(r -> new Account.DetachAlias("info@example.org", r));
    assertAck(result.reply());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void getSummarizesAccountWithoutHash() {
    Active state = create();
    run(r -> new Account.AttachAlias("sales@example.org", r));
    run(r -> new Account.AttachAlias("info@example.org", r));
    var result = account.<StatusReply<AccountSummary>>runCommand(Account.Get::new);
    AccountSummary summary = assertSuccess(result.reply());
    assertEquals(
        new AccountSummary(
            "alice@example.com",
            1000,
            List.of("info@example.org", "sales@example.org"),
            state.createdAt(),
            state.passwordChangedAt()),
        summary);
    assertFalse(summary.toString().contains(HASH));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void getCredentialsGivesHash() {
    create();
    var result = account.<StatusReply<Credentials>>runCommand(Account.GetCredentials::new);
    assertEquals(new Credentials(HASH), assertSuccess(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  static List<Function<ActorRef<StatusReply<Done>>, Account.Command>> doneCommands() {
    return List.of(
        Account.Remove::new,
        r -> new Account.ChangePassword(NEW_HASH, r),
        r -> new Account.SetQuota(1, r),
        r -> new Account.AttachAlias("info@example.org", r),
        r -> new Account.DetachAlias("info@example.org", r));
  }

  @ParameterizedTest
  @MethodSource("doneCommands")
  void commandsOnAbsentAccountAreNotFound(Function<ActorRef<StatusReply<Done>>, Account.Command> command) {
    var result = run(command);
    assertRejected(result.reply(), NOT_FOUND, "account alice@example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void queriesOnAbsentAccountAreNotFound() {
    String message = "account alice@example.com does not exist";
    assertRejected(account.<StatusReply<AccountSummary>>runCommand(Account.Get::new).reply(), NOT_FOUND, message);
    assertRejected(
        account.<StatusReply<Credentials>>runCommand(Account.GetCredentials::new).reply(), NOT_FOUND, message);
  }

  // ---- closing ----

  @Test
  void closeStartsRemovalAndAnswersAliases() {
    Instant before = Instant.now();
    create();
    attach("sales@example.org");
    attach("info@example.org");
    var result = close();
    assertEquals(
        new AccountClosure("alice@example.com", List.of("info@example.org", "sales@example.org")),
        assertSuccess(result.reply()));
    Instant closedAt = result.eventOfType(AccountClosed.class).closedAt();
    assertTrue(!closedAt.isBefore(before) && !closedAt.isAfter(Instant.now()));
    assertEquals(new Closing(new TreeSet<>(Set.of("info@example.org", "sales@example.org"))), result.state());
  }

  @Test
  void closeIsIdempotentWhileClosing() {
    create();
    attach("info@example.org");
    close();
    var result = close();
    assertEquals(
        new AccountClosure("alice@example.com", List.of("info@example.org")),
        assertSuccess(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void closeRejectsAbsentAccount() {
    var result = close();
    assertRejected(result.reply(), NOT_FOUND, "account alice@example.com does not exist");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void removeRejectsActiveAccount() {
    create();
    var result = run(Account.Remove::new);
    assertRejected(
        result.reply(), CONFLICT, "account alice@example.com must be closed before it is removed");
    assertTrue(result.hasNoEvents());
    assertEquals(Active.class, account.getState().getClass());
  }

  static List<Function<ActorRef<StatusReply<Done>>, Account.Command>> changes() {
    return List.of(
        r -> new Account.Create(NEW_HASH, 1, r),
        r -> new Account.ChangePassword(NEW_HASH, r),
        r -> new Account.SetQuota(1, r),
        r -> new Account.AttachAlias("new@example.org", r));
  }

  @ParameterizedTest
  @MethodSource("changes")
  void closingAccountRejectsChanges(Function<ActorRef<StatusReply<Done>>, Account.Command> command) {
    create();
    attach("info@example.org");
    Account.State closing = close().state();
    var result = run(command);
    assertRejected(result.reply(), CONFLICT, "account alice@example.com is being removed");
    assertTrue(result.hasNoEvents());
    assertEquals(closing, result.state());
  }

  @Test
  void closingAccountAnswersQueriesWithConflict() {
    create();
    close();
    String message = "account alice@example.com is being removed";
    assertRejected(account.<StatusReply<AccountSummary>>runCommand(Account.Get::new).reply(), CONFLICT, message);
    assertRejected(
        account.<StatusReply<Credentials>>runCommand(Account.GetCredentials::new).reply(), CONFLICT, message);
  }

  @Test
  void detachAliasWorksWhileClosing() {
    create();
    attach("info@example.org");
    attach("sales@example.org");
    close();
    var result = run(r -> new Account.DetachAlias("info@example.org", r));
    assertAck(result.reply());
    assertEquals(new AliasDetached("info@example.org"), result.event());
    assertEquals(new Closing(new TreeSet<>(Set.of("sales@example.org"))), result.state());

    var again = run(r -> new Account.DetachAlias("info@example.org", r));
    assertAck(again.reply());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void removeCompletesRemovalOfClosingAccountWithAliases() {
    create();
    attach("info@example.org");
    close();
    var result = run(Account.Remove::new);
    assertAck(result.reply());
    assertEquals(new AccountRemoved(), result.event());
    assertEquals(new Account.Absent(), result.state());
    assertRejected(close().reply(), NOT_FOUND, "account alice@example.com does not exist");
  }

  @Test
  void closingStateSurvivesRestart() {
    create();
    attach("info@example.org");
    close();
    Account.State before = account.getState();
    assertEquals(before, account.restart().state());
  }

  @Test
  void journalsFromBeforeClosingStillReplay() {
    // written by the version that removed active accounts directly
    Instant createdAt = Instant.now();
    account.persistenceTestKit().persistForRecovery(
        "Account|alice@example.com",
        List.<Object>of(
            new AccountCreated(HASH, 1, createdAt),
            new AccountRemoved(),
            new AccountCreated(NEW_HASH, 2, createdAt)));
    assertEquals(
        new Active(NEW_HASH, 2, new TreeSet<>(), createdAt, createdAt), account.restart().state());
  }

  @Test
  void closureReplySerializes() {
    testKit.serializationTestKit().verifySerialization(
        new AccountClosure("alice@example.com", List.of("info@example.org")), true);
  }

  @Test
  void stateSurvivesRestart() {
    create();
    run(r -> new Account.AttachAlias("info@example.org", r));
    run(r -> new Account.ChangePassword(NEW_HASH, r));
    Account.State before = account.getState();
    assertEquals(before, account.restart().state());
  }

  @Test
  void passwordHashIsRedactedInEveryToString() {
    ActorRef<StatusReply<Done>> probe = testKit.<StatusReply<Done>>createTestProbe().getRef();
    Active state = create();
    List<Object> carriers =
        List.of(
            new Account.Create(HASH, 1, probe),
            new Account.ChangePassword(HASH, probe),
            new AccountCreated(HASH, 1, state.createdAt()),
            new PasswordChanged(HASH, state.createdAt()),
            state,
            new Credentials(HASH));
    for (Object carrier : carriers) {
      assertFalse(carrier.toString().contains(HASH), carrier.getClass().getSimpleName());
      assertTrue(carrier.toString().contains("<redacted>"), carrier.getClass().getSimpleName());
    }
  }
}
