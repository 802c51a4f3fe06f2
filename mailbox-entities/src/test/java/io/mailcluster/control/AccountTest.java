package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.control.Replies.assertAck;
import static io.mailcluster.control.Replies.assertRejected;
import static io.mailcluster.control.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.control.Account.AccountClosed;
import io.mailcluster.control.Account.AccountCreated;
import io.mailcluster.control.Account.AccountRemoved;
import io.mailcluster.control.Account.Active;
import io.mailcluster.control.Account.AliasAttached;
import io.mailcluster.control.Account.AliasDetached;
import io.mailcluster.control.Account.Closing;
import io.mailcluster.control.Account.FolderAdded;
import io.mailcluster.control.Account.PasswordChanged;
import io.mailcluster.control.Account.QuotaChanged;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
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
        new Active(HASH, 1000, new TreeSet<>(), event.createdAt(), event.createdAt(),
            treeOf(result.events())), // the tree Create made along (see createRecordsDefaultFolderTree)
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
    Active created = create();
    attach("sales@example.org");
    attach("info@example.org");
    var result = close();
    assertEquals(
        new AccountClosure("alice@example.com", List.of("info@example.org", "sales@example.org")),
        assertSuccess(result.reply()));
    Instant closedAt = result.eventOfType(AccountClosed.class).closedAt();
    assertTrue(!closedAt.isBefore(before) && !closedAt.isAfter(Instant.now()));
    assertEquals(
        new Closing(new TreeSet<>(Set.of("info@example.org", "sales@example.org")), created.folders()),
        result.state());
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
    Active created = create();
    attach("info@example.org");
    attach("sales@example.org");
    close();
    var result = run(r -> new Account.DetachAlias("info@example.org", r));
    assertAck(result.reply());
    assertEquals(new AliasDetached("info@example.org"), result.event());
    assertEquals(new Closing(new TreeSet<>(Set.of("sales@example.org")), created.folders()), result.state());

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

  // ---- folder tree ----

  /** The tree the FolderAdded events among {@code events} describe. */
  private static SortedMap<String, FolderRef> treeOf(List<Account.Event> events) {
    TreeMap<String, FolderRef> tree = new TreeMap<>();
    for (Account.Event e : events) {
      if (e instanceof FolderAdded f) {
        tree.put(f.name(), new FolderRef(f.name(), f.folderId(), f.specialUse(), f.subscribed()));
      }
    }
    return tree;
  }

  private CommandResultWithReply<Account.Command, Account.Event, Account.State, StatusReply<FolderTree>>
      folders(Function<ActorRef<StatusReply<FolderTree>>, Account.Command> command) {
    return account.runCommand(command);
  }

  @Test
  void createRecordsDefaultFolderTree() {
    var result = run(r -> new Account.Create(HASH, 1000, r));
    assertAck(result.reply());
    List<Account.Event> events = result.events();
    assertEquals(7, events.size());
    assertInstanceOf(AccountCreated.class, events.get(0));
    List<FolderAdded> added = events.subList(1, 7).stream().map(FolderAdded.class::cast).toList();
    assertEquals(
        List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"),
        added.stream().map(FolderAdded::name).toList());
    assertEquals(
        Arrays.asList(null, "\\Sent", "\\Drafts", "\\Trash", "\\Junk", "\\Archive"),
        added.stream().map(FolderAdded::specialUse).toList());
    assertTrue(added.stream().allMatch(FolderAdded::subscribed));
    Set<String> ids = added.stream().map(FolderAdded::folderId).collect(Collectors.toSet());
    assertEquals(6, ids.size());
    ids.forEach(UUID::fromString); // random opaque ids
    assertEquals(treeOf(events), result.stateOfType(Active.class).folders());
  }

  @Test
  void eachAccountGetsFreshFolderIds() {
    Active first = create();
    close();
    run(Account.Remove::new);
    Active second = create();
    Set<String> firstIds = first.folders().values().stream().map(FolderRef::folderId).collect(Collectors.toSet());
    assertTrue(second.folders().values().stream().noneMatch(f -> firstIds.contains(f.folderId())));
  }

  @Test
  void getFoldersAnswersTreeSortedByName() {
    Active state = create();
    var result = folders(Account.GetFolders::new);
    FolderTree tree = assertSuccess(result.reply());
    assertEquals("alice@example.com", tree.address());
    assertEquals(List.copyOf(state.folders().values()), tree.folders());
    assertEquals(
        List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"),
        tree.folders().stream().map(FolderRef::name).toList());
    assertEquals(state.folders().get("INBOX"), tree.folder("inbox").orElseThrow());
    assertEquals("\\Trash", tree.folder("Trash").orElseThrow().specialUse());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void ensureFoldersChangesNothingWhenTreeIsComplete() {
    Active state = create();
    var result = folders(Account.EnsureFolders::new);
    assertEquals(List.copyOf(state.folders().values()), assertSuccess(result.reply()).folders());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void journalsFromBeforeFolderTreesReplayWithEmptyTreeUntilEnsured() {
    // written by the version before folder trees: AccountCreated alone
    Instant createdAt = Instant.now();
    account.persistenceTestKit().persistForRecovery(
        "Account|alice@example.com",
        List.<Object>of(new AccountCreated(HASH, 1, createdAt), new AliasAttached("a@example.org")));
    Account.State replayed = account.restart().state();
    assertEquals(
        new Active(HASH, 1, new TreeSet<>(Set.of("a@example.org")), createdAt, createdAt), replayed);
    assertEquals(List.of(), assertSuccess(folders(Account.GetFolders::new).reply()).folders());

    var repaired = folders(Account.EnsureFolders::new);
    FolderTree tree = assertSuccess(repaired.reply());
    assertEquals(6, repaired.events().size());
    assertTrue(repaired.events().stream().allMatch(FolderAdded.class::isInstance));
    assertEquals(treeOf(repaired.events()), repaired.stateOfType(Active.class).folders());
    assertEquals(List.copyOf(treeOf(repaired.events()).values()), tree.folders());
    assertEquals(repaired.state(), account.restart().state());
  }

  @Test
  void ensureFoldersAddsOnlyMissingDefaults() {
    Instant createdAt = Instant.now();
    account.persistenceTestKit().persistForRecovery(
        "Account|alice@example.com",
        List.<Object>of(
            new AccountCreated(HASH, 1, createdAt),
            new FolderAdded("INBOX", "inbox-id", null, true)));
    account.restart();
    var result = folders(Account.EnsureFolders::new);
    assertSuccess(result.reply());
    assertEquals(
        List.of("Sent", "Drafts", "Trash", "Junk", "Archive"),
        result.events().stream().map(e -> ((FolderAdded) e).name()).toList());
    assertEquals("inbox-id", result.stateOfType(Active.class).folders().get("INBOX").folderId());
  }

  @Test
  void folderQueriesOnAbsentAccountAreNotFound() {
    String message = "account alice@example.com does not exist";
    assertRejected(folders(Account.GetFolders::new).reply(), NOT_FOUND, message);
    assertRejected(folders(Account.EnsureFolders::new).reply(), NOT_FOUND, message);
    var result = folders(Account.FoldersToDelete::new);
    assertRejected(result.reply(), NOT_FOUND, message);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void closingAccountAnswersOnlyFoldersToDelete() {
    Active state = create();
    close();
    String message = "account alice@example.com is being removed";
    assertRejected(folders(Account.GetFolders::new).reply(), CONFLICT, message);
    var ensure = folders(Account.EnsureFolders::new);
    assertRejected(ensure.reply(), CONFLICT, message);
    assertTrue(ensure.hasNoEvents());
    var toDelete = folders(Account.FoldersToDelete::new);
    assertEquals(List.copyOf(state.folders().values()), assertSuccess(toDelete.reply()).folders());
    assertTrue(toDelete.hasNoEvents());
  }

  @Test
  void foldersToDeleteOfActiveAccountIsConflict() {
    create();
    assertRejected(
        folders(Account.FoldersToDelete::new).reply(),
        CONFLICT,
        "account alice@example.com must be closed before it is removed");
  }

  @Test
  void folderTreeSurvivesRestartWhileActiveAndClosing() {
    create();
    Account.State active = account.getState();
    assertEquals(active, account.restart().state());
    close();
    Account.State closing = account.getState();
    assertEquals(6, ((Closing) closing).folders().size());
    assertEquals(closing, account.restart().state());
  }

  @Test
  void folderRepliesAndEventsSerialize() {
    var kit = testKit.serializationTestKit();
    kit.verifySerialization(
        new FolderTree("alice@example.com", List.of(
            new FolderRef("INBOX", "id-1", null, true),
            new FolderRef("Sent", "id-2", FolderRef.SENT, false))),
        true);
    kit.verifySerialization(new FolderAdded("INBOX", "id-1", null, true), true);
    kit.verifySerialization(new FolderAdded("Junk", "id-2", FolderRef.JUNK, false), true);
    kit.verifySerialization(new Closing(new TreeSet<>(Set.of("a@example.org"))), true);
  }

  /** Snapshots of Active and Closing written before folder trees have no folders field. */
  @Test
  void snapshotsFromBeforeFolderTreesStillRead() throws Exception {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system().classicSystem())
        .getOrCreate("jackson-cbor", Optional.empty());
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    Active active = new Active(HASH, 5, new TreeSet<>(Set.of("a@example.org")), at, at);
    Closing closing = new Closing(new TreeSet<>(Set.of("a@example.org")));
    for (Account.State state : List.<Account.State>of(active, closing)) {
      ObjectNode old = cbor.valueToTree(state);
      assertTrue(old.has("folders"));
      old.remove("folders");
      Serializer serializer = serialization.findSerializerFor(state);
      Object read = serialization.deserialize(
              cbor.writeValueAsBytes(old), serializer.identifier(),
              Serializers.manifestFor(serializer, state))
          .get();
      assertEquals(state, read);
    }
  }
}
