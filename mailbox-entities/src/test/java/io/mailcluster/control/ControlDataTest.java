package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.mailbox.AppendRequest;
import io.mailcluster.mailbox.AppendResult;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ControlData against the real sharded entities in a single-node cluster with the in-memory
 * journal. Commands are serialized on their way (serialize-messages) and events by the journal;
 * replies to an ask are not, so {@link RejectionAcrossNodesTest} sends those over the wire.
 */
@ExtendWith(LogCapturing.class)
class ControlDataTest {

  private static final Config CONFIG =
      ConfigFactory.parseString("pekko.actor.serialize-messages = on")
          .withFallback(TestKits.clusterNode());

  private static final String PASSWORD = "correct horse battery staple";

  private static final ActorTestKit testKit = ActorTestKit.create("ControlDataTest", CONFIG);
  private static ControlData control;
  private static ClusterSharding sharding;

  @BeforeAll
  static void formSingleNodeCluster() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    ControlData.initEntities(testKit.system());
    control = new ControlData(testKit.system());
    sharding = ClusterSharding.get(testKit.system());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, SECONDS);
  }

  private static Rejection rejected(CompletionStage<?> stage, Rejection.Kind kind) {
    ExecutionException failure = assertThrows(ExecutionException.class, () -> await(stage));
    Rejection rejection = assertInstanceOf(Rejection.class, failure.getCause());
    assertEquals(kind, rejection.kind(), rejection.getMessage());
    return rejection;
  }

  private static Resolution resolve(String domain, String localPart) throws Exception {
    return await(sharding.entityRefFor(Domain.ENTITY_TYPE_KEY, domain)
        .askWithStatus(r -> new Domain.Resolve(localPart, r), Duration.ofSeconds(5)));
  }

  /** Waits for the stage: null if it succeeded, else its Rejection (anything else fails the test). */
  private static Rejection outcome(CompletionStage<?> stage) throws Exception {
    try {
      await(stage);
      return null;
    } catch (ExecutionException failure) {
      return assertInstanceOf(Rejection.class, failure.getCause());
    }
  }

  /** Runs {@code call} after {@code n} reads of the domain: shifts where it lands against another. */
  private static <T> CompletionStage<T> afterRoundTrips(
      int n, String domain, Supplier<CompletionStage<T>> call) {
    CompletionStage<?> waited = CompletableFuture.completedStage(null);
    for (int k = 0; k < n; k++) {
      waited = waited.thenCompose(previous -> control.getDomain(domain));
    }
    return waited.thenCompose(previous -> call.get());
  }

  /** One step of a call, sent to the Domain entity directly (to stage a half-done call). */
  private static void domainStep(
      String domain, Function<ActorRef<StatusReply<Done>>, Domain.Command> command) throws Exception {
    await(sharding.entityRefFor(Domain.ENTITY_TYPE_KEY, domain)
        .askWithStatus(command::apply, Duration.ofSeconds(5)));
  }

  /** The first step of removeAccount, sent to the Account entity directly. */
  private static AccountClosure closeAccount(String address) throws Exception {
    return await(sharding.entityRefFor(Account.ENTITY_TYPE_KEY, address)
        .askWithStatus(Account.Close::new, Duration.ofSeconds(5)));
  }

  private static void domainWithAccount(String domain, String localPart) throws Exception {
    await(control.createDomain(domain));
    await(control.createAccount(localPart + "@" + domain, PASSWORD, 0));
  }

  // ---- domains ----

  @Test
  void createDomainCanonicalizesAndListsIt() throws Exception {
    assertEquals(Done.getInstance(), await(control.createDomain("Create.Example")));
    assertTrue(await(control.listDomains()).contains("create.example"));
    DomainSummary summary = await(control.getDomain("create.example"));
    assertEquals("create.example", summary.name());
    assertEquals(List.of(), summary.accounts());
  }

  @Test
  void createDomainTwiceIsConflict() throws Exception {
    await(control.createDomain("twice.example"));
    Rejection rejection = rejected(control.createDomain("twice.example"), CONFLICT);
    assertEquals("domain twice.example already exists", rejection.getMessage());
  }

  @Test
  void createDomainRetryRepairsMissingListing() throws Exception {
    // a create that stopped after the Domain entity and before the directory
    await(sharding.entityRefFor(Domain.ENTITY_TYPE_KEY, "halfdone.example")
        .askWithStatus(Domain.Create::new, Duration.ofSeconds(5)));
    assertFalse(await(control.listDomains()).contains("halfdone.example"));

    rejected(control.createDomain("halfdone.example"), CONFLICT);
    assertTrue(await(control.listDomains()).contains("halfdone.example"));
  }

  @Test
  void createDomainRejectsBadName() {
    Rejection rejection = rejected(control.createDomain("no_such host"), INVALID);
    assertEquals("domain name must not contain whitespace", rejection.getMessage());
  }

  @Test
  void removeDomainUnlistsIt() throws Exception {
    await(control.createDomain("gone.example"));
    await(control.removeDomain("gone.example"));
    assertFalse(await(control.listDomains()).contains("gone.example"));
    rejected(control.getDomain("gone.example"), NOT_FOUND);
  }

  @Test
  void removeUnknownDomainIsNotFoundAndRepairsStaleListing() throws Exception {
    await(sharding.entityRefFor(DomainDirectory.ENTITY_TYPE_KEY, DomainDirectory.ENTITY_ID)
        .<Done>askWithStatus(r -> new DomainDirectory.Add("stale.example", r), Duration.ofSeconds(5)));
    Rejection rejection = rejected(control.removeDomain("stale.example"), NOT_FOUND);
    assertEquals("domain stale.example does not exist", rejection.getMessage());
    assertFalse(await(control.listDomains()).contains("stale.example"));
  }

  @Test
  void removeNonEmptyDomainIsConflict() throws Exception {
    domainWithAccount("full.example", "alice");
    Rejection rejection = rejected(control.removeDomain("full.example"), CONFLICT);
    assertEquals("domain full.example has 1 accounts and 0 aliases", rejection.getMessage());
    assertTrue(await(control.listDomains()).contains("full.example"));
  }

  // ---- accounts ----

  @Test
  void createAccountMakesItVisible() throws Exception {
    domainWithAccount("acct.example", "Alice");
    AccountSummary summary = await(control.getAccount("alice@acct.example"));
    assertEquals("alice@acct.example", summary.address());
    assertEquals(0, summary.quotaBytes());
    assertEquals(List.of(), summary.aliases());
    assertEquals(List.of("alice@acct.example"), await(control.listAccounts("acct.example")));
    assertEquals(Resolution.account("alice@acct.example"), resolve("acct.example", "alice"));
  }

  @Test
  void createAccountTwiceIsConflict() throws Exception {
    domainWithAccount("dup.example", "bob");
    Rejection rejection = rejected(control.createAccount("bob@dup.example", PASSWORD, 0), CONFLICT);
    assertEquals("account bob@dup.example already exists", rejection.getMessage());
  }

  @Test
  void createAccountInUnknownDomainIsNotFound() {
    Rejection rejection = rejected(control.createAccount("bob@nowhere.example", PASSWORD, 0), NOT_FOUND);
    assertEquals("domain nowhere.example does not exist", rejection.getMessage());
    rejected(control.getAccount("bob@nowhere.example"), NOT_FOUND);
  }

  @Test
  void createAccountRejectsBadInput() {
    assertEquals(
        "address must contain '@'",
        rejected(control.createAccount("bob", PASSWORD, 0), INVALID).getMessage());
    assertEquals(
        "password must be at least 8 characters long",
        rejected(control.createAccount("bob@x.example", "short", 0), INVALID).getMessage());
    assertEquals(
        "quota must not be negative (0 means unlimited)",
        rejected(control.createAccount("bob@x.example", PASSWORD, -1), INVALID).getMessage());
  }

  @Test
  void setQuotaAndChangePasswordUpdateAccount() throws Exception {
    domainWithAccount("update.example", "carol");
    await(control.setQuota("carol@update.example", 4096));
    assertEquals(4096, await(control.getAccount("carol@update.example")).quotaBytes());
    rejected(control.setQuota("carol@update.example", -1), INVALID);
    rejected(control.setQuota("nobody@update.example", 1), NOT_FOUND);

    await(control.changePassword("carol@update.example", "a new secret phrase"));
    assertTrue(await(control.verifyPassword("carol@update.example", "a new secret phrase")));
    assertFalse(await(control.verifyPassword("carol@update.example", PASSWORD)));
    rejected(control.changePassword("carol@update.example", "short"), INVALID);
    rejected(control.changePassword("nobody@update.example", PASSWORD), NOT_FOUND);
  }

  @Test
  void verifyPasswordTellsRightFromWrong() throws Exception {
    domainWithAccount("login.example", "dave");
    assertTrue(await(control.verifyPassword("Dave@Login.Example", PASSWORD)));
    assertFalse(await(control.verifyPassword("dave@login.example", PASSWORD + "!")));
    assertFalse(await(control.verifyPassword("nobody@login.example", PASSWORD)));
    assertFalse(await(control.verifyPassword("not an address", PASSWORD)));
  }

  @Test
  void recordLoginPersistsOnTheCanonicalAccount() throws Exception {
    domainWithAccount("audited.example", "gus");
    await(control.recordLogin("Gus@Audited.Example", "imap", "192.0.2.7", false));
    await(control.recordLogin("gus@audited.example", "pop3", "2001:db8::1", true));
    List<Object> events = PersistenceTestKit.create(testKit.system())
        .persistedInStorage("Account|gus@audited.example");
    Account.LoginFailed failed = (Account.LoginFailed) events.get(events.size() - 2);
    Account.LoginSucceeded succeeded = (Account.LoginSucceeded) events.get(events.size() - 1);
    assertEquals(new Account.LoginFailed("imap", "192.0.2.7", failed.at()), failed);
    assertEquals(new Account.LoginSucceeded("pop3", "2001:db8::1", succeeded.at()), succeeded);
  }

  @Test
  void recordLoginRefusesWhatHasNoAccount() throws Exception {
    domainWithAccount("unaudited.example", "hal");
    rejected(control.recordLogin("nobody@unaudited.example", "imap", "192.0.2.7", false), NOT_FOUND);
    rejected(control.recordLogin("not an address", "imap", "192.0.2.7", false), INVALID);
    rejected(control.recordLogin("hal@unaudited.example", "imap", "", true), INVALID);
    closeAccount("hal@unaudited.example");
    rejected(control.recordLogin("hal@unaudited.example", "imap", "192.0.2.7", true), CONFLICT);
  }

  @Test
  void removeAccountReleasesItsReservation() throws Exception {
    domainWithAccount("leave.example", "erin");
    await(control.removeAccount("erin@leave.example"));
    rejected(control.getAccount("erin@leave.example"), NOT_FOUND);
    assertEquals(List.of(), await(control.listAccounts("leave.example")));
    await(control.removeDomain("leave.example"));
    rejected(control.removeAccount("erin@leave.example"), NOT_FOUND);
  }

  @Test
  void removeAccountRetryRepairsLeftoverReservation() throws Exception {
    await(control.createDomain("leftover.example"));
    // a remove that stopped after the Account entity and before the domain's reservation
    await(sharding.entityRefFor(Domain.ENTITY_TYPE_KEY, "leftover.example")
        .<Done>askWithStatus(r -> new Domain.ReserveAccount("frank", r), Duration.ofSeconds(5)));

    rejected(control.removeAccount("frank@leftover.example"), NOT_FOUND);
    assertEquals(Resolution.unknown(), resolve("leftover.example", "frank"));
  }

  // ---- aliases ----

  @Test
  void aliasIsAddedResolvedAndRemoved() throws Exception {
    domainWithAccount("alias.example", "grace");
    await(control.addAlias("Info@Alias.Example", "grace@alias.example"));
    assertEquals(Resolution.alias("grace@alias.example"), resolve("alias.example", "info"));
    assertEquals(List.of("info@alias.example"), await(control.getAccount("grace@alias.example")).aliases());
    assertEquals(
        Map.of("info@alias.example", "grace@alias.example"),
        await(control.getDomain("alias.example")).aliases());
    await(control.addAlias("info@alias.example", "grace@alias.example")); // idempotent

    await(control.removeAlias("info@alias.example"));
    assertEquals(Resolution.unknown(), resolve("alias.example", "info"));
    assertEquals(List.of(), await(control.getAccount("grace@alias.example")).aliases());
    rejected(control.removeAlias("info@alias.example"), NOT_FOUND);
  }

  @Test
  void addAliasNeedsExistingTargetAndOwnDomain() throws Exception {
    domainWithAccount("target.example", "heidi");
    Rejection noTarget = rejected(control.addAlias("x@target.example", "nobody@target.example"), NOT_FOUND);
    assertEquals("target account nobody@target.example does not exist", noTarget.getMessage());
    Rejection foreign = rejected(control.addAlias("x@foreign.example", "heidi@target.example"), NOT_FOUND);
    assertEquals("domain foreign.example does not exist", foreign.getMessage());
    rejected(control.addAlias("heidi@target.example", "heidi@target.example"), CONFLICT);
    rejected(control.addAlias("bad alias@target.example", "heidi@target.example"), INVALID);
  }

  @Test
  void removeAliasRejectsAccountsAndUnknownNames() throws Exception {
    domainWithAccount("noalias.example", "ivan");
    rejected(control.removeAlias("ivan@noalias.example"), NOT_FOUND);
    rejected(control.removeAlias("nobody@noalias.example"), NOT_FOUND);
    rejected(control.removeAlias("x@unknown.example"), NOT_FOUND);
  }

  @Test
  void removeAccountRemovesItsAliasesInEveryDomain() throws Exception {
    domainWithAccount("main.example", "judy");
    await(control.createDomain("other.example"));
    await(control.addAlias("j@main.example", "judy@main.example"));
    await(control.addAlias("judy@other.example", "judy@main.example"));

    await(control.removeAccount("judy@main.example"));

    assertEquals(Resolution.unknown(), resolve("main.example", "j"));
    assertEquals(Resolution.unknown(), resolve("other.example", "judy"));
    rejected(control.getAccount("judy@main.example"), NOT_FOUND);
    await(control.removeDomain("other.example"));
    await(control.removeDomain("main.example"));
  }

  // ---- removal against other calls ----

  @Test
  void addAliasDuringRemovalIsRejected() throws Exception {
    domainWithAccount("closing.example", "kim");
    await(control.addAlias("k@closing.example", "kim@closing.example"));
    closeAccount("kim@closing.example"); // a removal that has closed the account, and goes on

    Rejection rejection = rejected(control.addAlias("new@closing.example", "kim@closing.example"), CONFLICT);
    assertEquals("account kim@closing.example is being removed", rejection.getMessage());
    assertEquals(Resolution.unknown(), resolve("closing.example", "new"));

    await(control.removeAccount("kim@closing.example"));
    assertEquals(Resolution.unknown(), resolve("closing.example", "k"));
    assertEquals(Resolution.unknown(), resolve("closing.example", "kim"));
    assertEquals(Map.of(), await(control.getDomain("closing.example")).aliases());
  }

  @Test
  void accountBeingRemovedRefusesChangesAndLogins() throws Exception {
    domainWithAccount("frozen.example", "liv");
    closeAccount("liv@frozen.example");
    String message = "account liv@frozen.example is being removed";
    assertEquals(message, rejected(control.getAccount("liv@frozen.example"), CONFLICT).getMessage());
    rejected(control.setQuota("liv@frozen.example", 1), CONFLICT);
    rejected(control.changePassword("liv@frozen.example", PASSWORD), CONFLICT);
    rejected(control.createAccount("liv@frozen.example", PASSWORD, 0), CONFLICT);
    assertFalse(await(control.verifyPassword("liv@frozen.example", PASSWORD)));
  }

  @Test
  void retriedRemovalCompletesAfterAliasStep() throws Exception {
    domainWithAccount("retry.example", "lee");
    await(control.createDomain("retry-other.example"));
    await(control.addAlias("l@retry.example", "lee@retry.example"));
    await(control.addAlias("lee@retry-other.example", "lee@retry.example"));
    // a removal that stopped after closing the account and removing one of its aliases
    closeAccount("lee@retry.example");
    domainStep("retry.example", r -> new Domain.RemoveAliasTo("l", "lee@retry.example", r));

    await(control.removeAccount("lee@retry.example"));
    assertEquals(Resolution.unknown(), resolve("retry-other.example", "lee"));
    assertEquals(Resolution.unknown(), resolve("retry.example", "lee"));
    rejected(control.getAccount("lee@retry.example"), NOT_FOUND);
    await(control.removeDomain("retry-other.example"));
    await(control.removeDomain("retry.example"));
  }

  @Test
  void retriedRemovalCompletesAfterReleaseAndFreesTheAddress() throws Exception {
    domainWithAccount("late.example", "max");
    // a removal that stopped after releasing the reservation, before removing the account
    closeAccount("max@late.example");
    domainStep("late.example", r -> new Domain.ReleaseAccount("max", r));
    // meanwhile a create is refused (but reserves again)
    rejected(control.createAccount("max@late.example", PASSWORD, 0), CONFLICT);

    await(control.removeAccount("max@late.example"));
    rejected(control.getAccount("max@late.example"), NOT_FOUND);
    assertEquals(Resolution.unknown(), resolve("late.example", "max"));

    await(control.createAccount("max@late.example", PASSWORD, 0));
    assertEquals(Resolution.account("max@late.example"), resolve("late.example", "max"));
  }

  @Test
  void removalLeavesAliasThatNowPointsElsewhere() throws Exception {
    domainWithAccount("repoint.example", "ned");
    await(control.createAccount("ola@repoint.example", PASSWORD, 0));
    await(control.addAlias("x@repoint.example", "ned@repoint.example"));
    // a removal that stopped after taking x out of the domain; x has been given to ola since
    assertEquals(List.of("x@repoint.example"), closeAccount("ned@repoint.example").aliases());
    domainStep("repoint.example", r -> new Domain.RemoveAliasTo("x", "ned@repoint.example", r));
    await(control.addAlias("x@repoint.example", "ola@repoint.example"));

    await(control.removeAccount("ned@repoint.example"));
    assertEquals(Resolution.alias("ola@repoint.example"), resolve("repoint.example", "x"));
    assertEquals(List.of("x@repoint.example"), await(control.getAccount("ola@repoint.example")).aliases());
  }

  @Test
  void createAccountCompletesOnLeftoverReservation() throws Exception {
    await(control.createDomain("reserved.example"));
    // a create that stopped after reserving
    domainStep("reserved.example", r -> new Domain.ReserveAccount("pat", r));

    await(control.createAccount("pat@reserved.example", PASSWORD, 0));
    assertEquals("pat@reserved.example", await(control.getAccount("pat@reserved.example")).address());
    assertEquals(Resolution.account("pat@reserved.example"), resolve("reserved.example", "pat"));
  }

  @Test
  void concurrentRemovalsBothEndWithTheAccountGone() throws Exception {
    domainWithAccount("twice.removed.example", "quinn");
    await(control.addAlias("q@twice.removed.example", "quinn@twice.removed.example"));
    CompletionStage<Done> first = control.removeAccount("quinn@twice.removed.example");
    CompletionStage<Done> second = control.removeAccount("quinn@twice.removed.example");
    Rejection one = outcome(first);
    Rejection other = outcome(second);

    assertTrue(one == null || other == null, one + " / " + other);
    for (Rejection r : new Rejection[] {one, other}) {
      assertTrue(r == null || r.kind() == NOT_FOUND, String.valueOf(r));
    }
    rejected(control.getAccount("quinn@twice.removed.example"), NOT_FOUND);
    assertEquals(Resolution.unknown(), resolve("twice.removed.example", "q"));
    assertEquals(Resolution.unknown(), resolve("twice.removed.example", "quinn"));
  }

  /** Whatever the interleaving, no alias outlives its account. */
  @Test
  void addAliasRacingRemovalNeverLeavesAliasBehind() throws Exception {
    await(control.createDomain("alias.race.example"));
    for (int i = 0; i < 25; i++) {
      String account = "u" + i + "@alias.race.example";
      await(control.createAccount(account, PASSWORD, 0));
      CompletionStage<Done> adding = control.addAlias("a" + i + "@alias.race.example", account);
      CompletionStage<Done> removing = control.removeAccount(account);

      assertEquals(null, outcome(removing));
      Rejection added = outcome(adding);
      assertTrue(added == null || added.kind() != INVALID, String.valueOf(added));
      assertEquals(Resolution.unknown(), resolve("alias.race.example", "a" + i), "round " + i);
      assertEquals(Resolution.unknown(), resolve("alias.race.example", "u" + i), "round " + i);
    }
    assertEquals(Map.of(), await(control.getDomain("alias.race.example")).aliases());
  }

  /**
   * Whatever the interleaving, an account that exists afterwards is reserved in its domain. The
   * rounds delay the create or the removal by up to 7 round trips, so their steps interleave
   * differently from round to round.
   */
  @Test
  void createRacingRemovalNeverLosesReservation() throws Exception {
    await(control.createDomain("create.race.example"));
    for (int i = 0; i < 60; i++) {
      int shift = i / 2 % 15 - 7; // below 0: the create starts later; above: the removal
      String localPart = "c" + i;
      String account = localPart + "@create.race.example";
      if (i % 2 == 0) {
        await(control.createAccount(account, PASSWORD, 0)); // removal of an existing account
      } else {
        domainStep("create.race.example", r -> new Domain.ReserveAccount(localPart, r)); // leftover
      }
      CompletionStage<Done> creating = afterRoundTrips(
          -shift, "create.race.example", () -> control.createAccount(account, PASSWORD, 0));
      CompletionStage<Done> removing = afterRoundTrips(
          shift, "create.race.example", () -> control.removeAccount(account));
      outcome(creating);
      outcome(removing);

      Rejection absent = outcome(control.getAccount(account));
      if (absent == null) {
        assertEquals(Resolution.account(account), resolve("create.race.example", localPart), "round " + i);
      } else {
        assertEquals(NOT_FOUND, absent.kind(), "round " + i);
      }
    }
  }

  // ---- secrets ----

  @Test
  void passwordHashNeverAppearsInReplies() throws Exception {
    domainWithAccount("secret.example", "mallory");
    await(control.addAlias("m@secret.example", "mallory@secret.example"));
    Credentials credentials = await(sharding.entityRefFor(Account.ENTITY_TYPE_KEY, "mallory@secret.example")
        .askWithStatus(Account.GetCredentials::new, Duration.ofSeconds(5)));
    String hash = credentials.passwordHash();
    assertTrue(hash.startsWith("$argon2id$"));

    List<Object> replies = List.of(
        await(control.getAccount("mallory@secret.example")),
        await(control.getDomain("secret.example")),
        await(control.listAccounts("secret.example")),
        await(control.listDomains()),
        credentials);
    for (Object reply : replies) {
      assertFalse(reply.toString().contains(hash), reply.getClass().getSimpleName());
      assertFalse(reply.toString().contains("argon2"), reply.getClass().getSimpleName());
    }
  }

  // ---- folders ----

  private static final List<String> DEFAULT_FOLDERS =
      List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash");

  private static CompletionStage<FolderStatus> folderStatus(String folderId) {
    return sharding.entityRefFor(Folder.ENTITY_TYPE_KEY, folderId)
        .askWithStatus(Folder.Status::new, Duration.ofSeconds(5));
  }

  /** Every folder of the tree exists as a Folder entity owned by the account, under its name. */
  private static void assertFoldersExist(String address, FolderTree tree) throws Exception {
    assertEquals(DEFAULT_FOLDERS, tree.folders().stream().map(FolderRef::name).toList());
    for (FolderRef ref : tree.folders()) {
      FolderStatus status = await(folderStatus(ref.folderId()));
      assertEquals(ref.folderId(), status.folderId());
      assertEquals(address, status.owner());
      assertEquals(ref.name(), status.name());
    }
  }

  private static void assertFoldersGone(FolderTree tree) {
    for (FolderRef ref : tree.folders()) {
      rejected(folderStatus(ref.folderId()), NOT_FOUND);
    }
  }

  @Test
  void createAccountCreatesInboxAndSpecialUseFolders() throws Exception {
    domainWithAccount("folders.example", "ann");
    FolderTree tree = await(control.folders("Ann@Folders.Example"));
    assertEquals("ann@folders.example", tree.address());
    assertFoldersExist("ann@folders.example", tree);
    assertEquals(
        Map.of("Sent", FolderRef.SENT, "Drafts", FolderRef.DRAFTS, "Trash", FolderRef.TRASH,
            "Junk", FolderRef.JUNK, "Archive", FolderRef.ARCHIVE),
        tree.folders().stream().filter(f -> f.specialUse() != null)
            .collect(java.util.stream.Collectors.toMap(FolderRef::name, FolderRef::specialUse)));
    assertEquals(null, tree.folder("INBOX").orElseThrow().specialUse());
  }

  @Test
  void retriedCreateAccountCompletesMissingFolders() throws Exception {
    await(control.createDomain("halffolders.example"));
    // a create that stopped after the Account entity, before any Folder entity
    domainStep("halffolders.example", r -> new Domain.ReserveAccount("bo", r));
    await(sharding.entityRefFor(Account.ENTITY_TYPE_KEY, "bo@halffolders.example")
        .<Done>askWithStatus(r -> new Account.Create("$argon2id$stub", 0, r), Duration.ofSeconds(5)));
    FolderTree tree = await(control.folders("bo@halffolders.example"));
    assertFoldersGone(tree);

    Rejection rejection = rejected(control.createAccount("bo@halffolders.example", PASSWORD, 0), CONFLICT);
    assertEquals("account bo@halffolders.example already exists", rejection.getMessage());
    assertFoldersExist("bo@halffolders.example", tree);
    assertEquals(tree, await(control.folders("bo@halffolders.example")));
    // once more: nothing changes
    rejected(control.createAccount("bo@halffolders.example", PASSWORD, 0), CONFLICT);
    assertFoldersExist("bo@halffolders.example", tree);
  }

  @Test
  void removeAccountDeletesItsFolders() throws Exception {
    domainWithAccount("rmfolders.example", "cy");
    FolderTree tree = await(control.folders("cy@rmfolders.example"));
    assertFoldersExist("cy@rmfolders.example", tree);

    await(control.removeAccount("cy@rmfolders.example"));
    assertFoldersGone(tree);
    rejected(control.folders("cy@rmfolders.example"), NOT_FOUND);

    // the address can be used again: new folders, new ids
    await(control.createAccount("cy@rmfolders.example", PASSWORD, 0));
    FolderTree again = await(control.folders("cy@rmfolders.example"));
    assertFoldersExist("cy@rmfolders.example", again);
    assertTrue(again.folderIds().stream().noneMatch(tree.folderIds()::contains));
  }

  @Test
  void retriedRemovalCompletesAfterDeletingSomeFolders() throws Exception {
    domainWithAccount("rmhalf.example", "di");
    FolderTree tree = await(control.folders("di@rmhalf.example"));
    // a removal that stopped after closing the account and deleting its INBOX
    closeAccount("di@rmhalf.example");
    await(sharding.entityRefFor(Folder.ENTITY_TYPE_KEY, tree.folder("INBOX").orElseThrow().folderId())
        .<Done>askWithStatus(Folder.Delete::new, Duration.ofSeconds(5)));

    await(control.removeAccount("di@rmhalf.example"));
    assertFoldersGone(tree);
    rejected(control.getAccount("di@rmhalf.example"), NOT_FOUND);
  }

  @Test
  void inboxAnswersTheInboxFolderForDelivery() throws Exception {
    domainWithAccount("inbox.example", "eve");
    String inbox = await(control.inbox("Eve@Inbox.Example"));
    assertEquals(
        await(control.folders("eve@inbox.example")).folder("INBOX").orElseThrow().folderId(), inbox);
    // a delivery can append at once
    AppendResult appended = await(sharding.entityRefFor(Folder.ENTITY_TYPE_KEY, inbox)
        .<AppendResult>askWithStatus(r -> new Folder.Append(
            new AppendRequest("smtp:1", "sha256:00", 10, java.time.Instant.now(), null), r),
            Duration.ofSeconds(5)));
    assertEquals(1, appended.uid());

    assertEquals("account nobody@inbox.example does not exist",
        rejected(control.inbox("nobody@inbox.example"), NOT_FOUND).getMessage());
    rejected(control.inbox("not an address"), INVALID);
    closeAccount("eve@inbox.example");
    assertEquals("account eve@inbox.example is being removed",
        rejected(control.inbox("eve@inbox.example"), CONFLICT).getMessage());
  }

  @Test
  void inboxRepairsAccountFromBeforeFolderTrees() throws Exception {
    await(control.createDomain("oldjournal.example"));
    domainStep("oldjournal.example", r -> new Domain.ReserveAccount("fay", r));
    // journal written before folder trees: AccountCreated alone
    PersistenceTestKit.create(testKit.system()).persistForRecovery(
        "Account|fay@oldjournal.example",
        List.<Object>of(new Account.AccountCreated("$argon2id$stub", 0, java.time.Instant.now())));
    assertEquals(List.of(), await(control.folders("fay@oldjournal.example")).folders());

    String inbox = await(control.inbox("fay@oldjournal.example"));
    FolderTree tree = await(control.folders("fay@oldjournal.example"));
    assertEquals(inbox, tree.folder("INBOX").orElseThrow().folderId());
    assertFoldersExist("fay@oldjournal.example", tree);
    assertEquals(inbox, await(control.inbox("fay@oldjournal.example")));
  }

  /** Every folder id any incarnation of the account was given, from the account's journal. */
  private static List<String> everFolderIds(String address) {
    return PersistenceTestKit.create(testKit.system())
        .persistedInStorage("Account|" + address).stream()
        .filter(Account.FolderAdded.class::isInstance)
        .map(e -> ((Account.FolderAdded) e).folderId())
        .toList();
  }

  /**
   * Whatever the interleaving, no Folder entity outlives its account, and an account that exists
   * afterwards has all its folders once a create has been retried. The rounds shift the create
   * against the removal as {@link #createRacingRemovalNeverLosesReservation} does.
   */
  @Test
  void createRacingRemovalLeavesNoFolderBehind() throws Exception {
    await(control.createDomain("folder.race.example"));
    for (int i = 0; i < 40; i++) {
      int shift = i / 2 % 15 - 7;
      String account = "r" + i + "@folder.race.example";
      if (i % 2 == 0) {
        await(control.createAccount(account, PASSWORD, 0)); // removal of an existing account
      }
      CompletionStage<Done> creating = afterRoundTrips(
          -shift, "folder.race.example", () -> control.createAccount(account, PASSWORD, 0));
      CompletionStage<Done> removing = afterRoundTrips(
          shift, "folder.race.example", () -> control.removeAccount(account));
      outcome(creating);
      outcome(removing);

      Rejection absent = outcome(control.getAccount(account));
      if (absent == null) {
        outcome(control.createAccount(account, PASSWORD, 0)); // CONFLICT, and folders ensured
        FolderTree tree = await(control.folders(account));
        assertFoldersExist(account, tree);
        List<String> live = tree.folderIds();
        for (String id : everFolderIds(account)) {
          if (!live.contains(id)) {
            rejected(folderStatus(id), NOT_FOUND);
          }
        }
      } else {
        assertEquals(NOT_FOUND, absent.kind(), "round " + i);
        for (String id : everFolderIds(account)) {
          assertEquals(NOT_FOUND, rejected(folderStatus(id), NOT_FOUND).kind(), "round " + i);
        }
      }
    }
  }
}
