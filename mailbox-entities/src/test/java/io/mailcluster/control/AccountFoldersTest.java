package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.control.Replies.assertRejected;
import static io.mailcluster.control.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.control.Account.Active;
import io.mailcluster.control.Account.FolderAdded;
import io.mailcluster.control.Account.FolderRemoved;
import io.mailcluster.control.Account.FolderSubscriptionChanged;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.util.List;
import org.apache.pekko.Done;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Account's folder tree edits (IMAP CREATE, DELETE, RENAME, SUBSCRIBE) under the behaviour
 * test kit. Limits: 10 folders (the 6 defaults included), names of 20 characters, 3 levels.
 */
@ExtendWith(LogCapturing.class)
class AccountFoldersTest {

  private static final String HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
          "mail-cluster.accounts { max-folders = 10, max-folder-name-length = 20, "
              + "max-folder-depth = 3 }")
      .withFallback(EventSourcedBehaviorTestKit.config()));

  private final EventSourcedBehaviorTestKit<Account.Command, Account.Event, Account.State> account =
      TestKits.entity(testKit, Account.create("alice@example.com"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void createAccount() {
    account.clear();
    account.<StatusReply<Done>>runCommand(r -> new Account.Create(HASH, 0, r));
  }

  private CommandResultWithReply<Account.Command, Account.Event, Account.State, StatusReply<FolderTree>>
      run(Function<ActorRef<StatusReply<FolderTree>>, Account.Command> command) {
    return account.runCommand(command);
  }

  private FolderTree ok(Function<ActorRef<StatusReply<FolderTree>>, Account.Command> command) {
    return assertSuccess(run(command).reply());
  }

  private void rejected(Function<ActorRef<StatusReply<FolderTree>>, Account.Command> command,
      Rejection.Kind kind, String message) {
    var result = run(command);
    assertRejected(result.reply(), kind, message);
    assertTrue(result.hasNoEvents());
  }

  private static List<String> names(FolderTree tree) {
    return tree.folders().stream().map(FolderRef::name).toList();
  }

  private FolderRef folder(String name) {
    return ((Active) account.getState()).folders().get(name);
  }

  // ---- create ----

  @Test
  void createAddsTheFolderAndItsMissingParents() {
    var result = run(r -> new Account.CreateFolder("a/b/c", null, r));
    FolderTree tree = assertSuccess(result.reply());
    List<FolderAdded> events = result.events().stream().map(FolderAdded.class::cast).toList();
    assertEquals(List.of("a", "a/b", "a/b/c"), events.stream().map(FolderAdded::name).toList());
    assertEquals(3, events.stream().map(FolderAdded::folderId).distinct().count());
    assertTrue(events.stream().noneMatch(FolderAdded::subscribed));
    assertTrue(names(tree).containsAll(List.of("a", "a/b", "a/b/c", "INBOX")));
    assertEquals(9, tree.folders().size());

    var more = run(r -> new Account.CreateFolder("a/x", FolderRef.ARCHIVE, r));
    assertEquals(List.of(new FolderAdded("a/x", folder("a/x").folderId(), FolderRef.ARCHIVE, false)),
        more.events());
  }

  @Test
  void createOfAnExistingNameIsConflict() {
    ok(r -> new Account.CreateFolder("a", null, r));
    rejected(r -> new Account.CreateFolder("a", null, r), CONFLICT, "folder a already exists");
    rejected(r -> new Account.CreateFolder("inbox", null, r), CONFLICT,
        "folder INBOX already exists");
  }

  @Test
  void createRejectsBadNames() {
    rejected(r -> new Account.CreateFolder("", null, r), INVALID, "folder name must not be empty");
    rejected(r -> new Account.CreateFolder("a//b", null, r), INVALID,
        "folder name must not have an empty level (leading, trailing or doubled /): a//b");
    rejected(r -> new Account.CreateFolder("/a", null, r), INVALID,
        "folder name must not have an empty level (leading, trailing or doubled /): /a");
    rejected(r -> new Account.CreateFolder("a/", null, r), INVALID,
        "folder name must not have an empty level (leading, trailing or doubled /): a/");
    rejected(r -> new Account.CreateFolder("a%", null, r), INVALID,
        "folder name must not contain % or *: a%");
    rejected(r -> new Account.CreateFolder("a*b", null, r), INVALID,
        "folder name must not contain % or *: a*b");
    rejected(r -> new Account.CreateFolder("a\tb", null, r), INVALID,
        "folder name must not contain control characters");
    rejected(r -> new Account.CreateFolder("x".repeat(21), null, r), INVALID,
        "folder name longer than 20 characters");
    rejected(r -> new Account.CreateFolder("a/b/c/d", null, r), INVALID,
        "folder name deeper than 3 levels: a/b/c/d");
    rejected(r -> new Account.CreateFolder("a", "\\Important", r), INVALID,
        "unknown special use \\Important");
  }

  @Test
  void unicodeNamesAreCountedInCharacters() {
    ok(r -> new Account.CreateFolder("Получено/日本語/😀", null, r));
    assertTrue(folder("Получено/日本語/😀") != null);
    ok(r -> new Account.CreateFolder("😀".repeat(20), null, r)); // 20 code points, 40 chars
  }

  @Test
  void createBeyondTheFolderLimitIsRejected() {
    ok(r -> new Account.CreateFolder("a/b/c", null, r)); // 9 folders
    rejected(r -> new Account.CreateFolder("x/y", null, r), INVALID,
        "an account has at most 10 folders");
    ok(r -> new Account.CreateFolder("x", null, r)); // the 10th
  }

  @Test
  void foldersUnderInboxKeepTheCanonicalInboxName() {
    FolderTree tree = ok(r -> new Account.CreateFolder("inbox/Receipts", null, r));
    assertTrue(names(tree).contains("INBOX/Receipts"));
    assertTrue(tree.folder("Inbox/Receipts").isPresent());
  }

  // ---- delete ----

  @Test
  void deleteRemovesTheName() {
    ok(r -> new Account.CreateFolder("a", null, r));
    String id = folder("a").folderId();
    var result = run(r -> new Account.DeleteFolder("a", null, r));
    assertEquals(List.of(new FolderRemoved("a", id)), result.events());
    assertFalse(names(assertSuccess(result.reply())).contains("a"));
  }

  @Test
  void deleteRefusals() {
    ok(r -> new Account.CreateFolder("a/b", null, r));
    rejected(r -> new Account.DeleteFolder("nope", null, r), NOT_FOUND,
        "folder nope does not exist");
    rejected(r -> new Account.DeleteFolder("Inbox", null, r), INVALID, "INBOX cannot be deleted");
    rejected(r -> new Account.DeleteFolder("a", null, r), CONFLICT,
        "folder a has children, delete them first");
    rejected(r -> new Account.DeleteFolder("a/b", "another-id", r), NOT_FOUND,
        "folder a/b does not exist");
    ok(r -> new Account.DeleteFolder("a/b", folder("a/b").folderId(), r));
    ok(r -> new Account.DeleteFolder("a", null, r));
  }

  // ---- rename ----

  @Test
  void renameMovesChildrenKeepsIdsAndCreatesMissingParents() {
    ok(r -> new Account.CreateFolder("a/x", null, r));
    ok(r -> new Account.SetSubscribed("a/x", true, r));
    FolderRef a = folder("a");
    FolderRef ax = folder("a/x");
    FolderTree tree = ok(r -> new Account.RenameFolder("a", "p/b", r));
    assertFalse(names(tree).contains("a"));
    assertFalse(names(tree).contains("a/x"));
    assertEquals(new FolderRef("p/b", a.folderId(), null, false), folder("p/b"));
    assertEquals(new FolderRef("p/b/x", ax.folderId(), null, true), folder("p/b/x"));
    assertTrue(folder("p") != null);
  }

  @Test
  void renameCarriesTheSpecialUse() {
    FolderRef sent = folder("Sent");
    ok(r -> new Account.RenameFolder("Sent", "Sent Items", r));
    assertEquals(new FolderRef("Sent Items", sent.folderId(), FolderRef.SENT, true),
        folder("Sent Items"));
    assertEquals(null, folder("Sent"));
  }

  @Test
  void renameRefusals() {
    ok(r -> new Account.CreateFolder("a/b", null, r));
    rejected(r -> new Account.RenameFolder("nope", "x", r), NOT_FOUND,
        "folder nope does not exist");
    rejected(r -> new Account.RenameFolder("a", "Trash", r), CONFLICT,
        "folder Trash already exists");
    rejected(r -> new Account.RenameFolder("a", "a/b/c", r), INVALID,
        "cannot rename folder a into itself: a/b/c");
    rejected(r -> new Account.RenameFolder("a", "x/y/z", r), INVALID, // a/b would be x/y/z/b
        "folder name deeper than 3 levels: x/y/z/b");
    rejected(r -> new Account.RenameFolder("a", "bad%", r), INVALID,
        "folder name must not contain % or *: bad%");
  }

  @Test
  void renamingInboxMovesItsFolderAndLeavesANewEmptyInbox() {
    ok(r -> new Account.CreateFolder("INBOX/child", null, r));
    FolderRef inbox = folder("INBOX");
    FolderRef child = folder("INBOX/child");
    ok(r -> new Account.RenameFolder("inbox", "Old Mail", r));
    assertEquals(new FolderRef("Old Mail", inbox.folderId(), null, true), folder("Old Mail"));
    FolderRef newInbox = folder("INBOX");
    assertNotEquals(inbox.folderId(), newInbox.folderId());
    assertEquals(child, folder("INBOX/child")); // children of INBOX stay
  }

  // ---- subscriptions ----

  @Test
  void subscribeAndUnsubscribe() {
    var result = run(r -> new Account.SetSubscribed("Junk", false, r));
    assertEquals(List.of(new FolderSubscriptionChanged("Junk", false)), result.events());
    assertFalse(folder("Junk").subscribed());
    assertTrue(run(r -> new Account.SetSubscribed("Junk", false, r)).hasNoEvents());
    ok(r -> new Account.SetSubscribed("Junk", true, r));
    assertTrue(folder("Junk").subscribed());
    rejected(r -> new Account.SetSubscribed("nope", true, r), NOT_FOUND,
        "folder nope does not exist");
  }

  @Test
  void treeEditsSurviveARestart() {
    ok(r -> new Account.CreateFolder("a/b", null, r));
    ok(r -> new Account.RenameFolder("a", "c", r));
    ok(r -> new Account.SetSubscribed("c/b", true, r));
    ok(r -> new Account.DeleteFolder("Archive", null, r));
    Account.State before = account.getState();
    assertEquals(before, account.restart().state());
  }

  @Test
  void closingOrAbsentAccountsRefuseTreeEdits() {
    account.<StatusReply<AccountClosure>>runCommand(Account.Close::new);
    rejected(r -> new Account.CreateFolder("a", null, r), CONFLICT,
        "account alice@example.com is being removed");
    account.<StatusReply<Done>>runCommand(Account.Remove::new);
    rejected(r -> new Account.RenameFolder("a", "b", r), NOT_FOUND,
        "account alice@example.com does not exist");
  }
}
