package io.mailcluster.control;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ControlData's folder tree operations against the real sharded Account and Folder entities in a
 * single-node cluster with the in-memory journal (commands serialized on their way).
 */
@ExtendWith(LogCapturing.class)
class ControlDataFoldersTest {

  private static final Config CONFIG =
      ConfigFactory.parseString("pekko.actor.serialize-messages = on")
          .withFallback(TestKits.clusterNode());

  private static final ActorTestKit testKit = ActorTestKit.create("ControlDataFoldersTest", CONFIG);
  private static ControlData control;
  private static ClusterSharding sharding;

  @BeforeAll
  static void formSingleNodeCluster() throws Exception {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    ControlData.initEntities(testKit.system());
    control = new ControlData(testKit.system());
    sharding = ClusterSharding.get(testKit.system());
    await(control.createDomain("example.com"));
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

  private static String account(String localPart) throws Exception {
    String address = localPart + "@example.com";
    await(control.createAccount(address, "correct horse battery staple", 0));
    return address;
  }

  private static <T> CompletionStage<T> askFolder(
      String folderId, Function<ActorRef<StatusReply<T>>, Folder.Command> command) {
    return sharding.entityRefFor(Folder.ENTITY_TYPE_KEY, folderId)
        .askWithStatus(command::apply, Duration.ofSeconds(5));
  }

  private static FolderStatus status(String folderId) throws Exception {
    return await(askFolder(folderId, Folder.Status::new));
  }

  private static String id(FolderTree tree, String name) {
    return tree.folder(name).orElseThrow().folderId();
  }

  private static <T> CompletionStage<T> askAccount(
      String address, Function<ActorRef<StatusReply<T>>, Account.Command> command) {
    return sharding.entityRefFor(Account.ENTITY_TYPE_KEY, address)
        .askWithStatus(command::apply, Duration.ofSeconds(5));
  }

  @Test
  void createFolderCreatesTheFolderEntitiesOfItAndItsParents() throws Exception {
    String a = account("create");
    FolderTree tree = await(control.createFolder(a, "Projects/2026/Q4", null));
    for (String name : new String[] {"Projects", "Projects/2026", "Projects/2026/Q4"}) {
      FolderStatus status = status(id(tree, name));
      assertEquals(name, status.name());
      assertEquals(a, status.owner());
    }
    rejected(control.createFolder(a, "Projects", null), CONFLICT);
    rejected(control.createFolder(a, "bad/", null), INVALID);
    rejected(control.createFolder("nobody@example.com", "x", null), NOT_FOUND);
  }

  @Test
  void aRetriedCreateCompletesOneThatStoppedBeforeItsFolderEntities() throws Exception {
    String a = account("halfcreate");
    // the account's step only, as if the call had failed right after it
    FolderTree tree = await(askAccount(a, r -> new Account.CreateFolder("Later", null, r)));
    String folderId = id(tree, "Later");
    rejected(askFolder(folderId, Folder.Status::new), NOT_FOUND);
    rejected(control.createFolder(a, "Later", null), CONFLICT);
    assertEquals("Later", status(folderId).name());
  }

  @Test
  void deleteFolderDeletesTheFolderEntityAndTheName() throws Exception {
    String a = account("delete");
    FolderTree tree = await(control.createFolder(a, "Old", null));
    String folderId = id(tree, "Old");
    FolderTree after = await(control.deleteFolder(a, "Old"));
    assertTrue(after.folder("Old").isEmpty());
    rejected(askFolder(folderId, Folder.Status::new), NOT_FOUND);
    rejected(control.deleteFolder(a, "Old"), NOT_FOUND);
    rejected(control.deleteFolder(a, "inbox"), INVALID);
    await(control.createFolder(a, "p/c", null));
    rejected(control.deleteFolder(a, "p"), CONFLICT);
    status(id(await(control.folders(a)), "p")); // refused before its folder was touched
  }

  @Test
  void aRetriedDeleteCompletesOneThatStoppedAfterTheFolderEntity() throws Exception {
    String a = account("halfdelete");
    String folderId = id(await(control.createFolder(a, "Gone", null)), "Gone");
    await(askFolder(folderId, Folder.Delete::new)); // the first step only
    FolderTree after = await(control.deleteFolder(a, "Gone"));
    assertTrue(after.folder("Gone").isEmpty());
  }

  @Test
  void renameKeepsFolderIdsAndRenamesTheEntities() throws Exception {
    String a = account("rename");
    FolderTree before = await(control.createFolder(a, "a/x", null));
    FolderTree after = await(control.renameFolder(a, "a", "b/c"));
    assertEquals(id(before, "a"), id(after, "b/c"));
    assertEquals(id(before, "a/x"), id(after, "b/c/x"));
    assertEquals("b/c/x", status(id(after, "b/c/x")).name());
    assertEquals("b", status(id(after, "b")).name());
    rejected(control.renameFolder(a, "a", "z"), NOT_FOUND);
    rejected(control.renameFolder(a, "b", "Sent"), CONFLICT);
    rejected(control.renameFolder(a, "b", "b/c/d"), INVALID);
    // folders stay usable by ensureFolders after a rename
    assertEquals(after.folderIds(), await(control.ensureFolders(a)).folderIds().stream()
        .filter(after.folderIds()::contains).toList());
  }

  @Test
  void renamingInboxMovesItsMessagesAndGivesInboxANewFolder() throws Exception {
    String a = account("inboxrename");
    String inbox = await(control.inbox(a));
    AppendRequest request = new AppendRequest("k1", "blob-1", 10, Instant.now(), null);
    await(ControlDataFoldersTest.<AppendResult>askFolder(
        inbox, r -> new Folder.Append(request, r)));
    FolderTree after = await(control.renameFolder(a, "INBOX", "Archive 2025"));
    assertEquals(inbox, id(after, "Archive 2025"));
    assertEquals(1, status(inbox).messages());
    assertEquals("Archive 2025", status(inbox).name());
    String newInbox = await(control.inbox(a));
    assertNotEquals(inbox, newInbox);
    assertEquals(0, status(newInbox).messages());
    AppendRequest second = new AppendRequest("k2", "blob-2", 10, Instant.now(), null);
    AppendResult delivered = await(ControlDataFoldersTest.<AppendResult>askFolder(
        newInbox, r -> new Folder.Append(second, r)));
    assertEquals(1, delivered.uid());
  }

  @Test
  void subscriptionsOnlyForExistingFolders() throws Exception {
    String a = account("subscribe");
    FolderTree tree = await(control.setSubscribed(a, "Junk", false));
    assertFalse(tree.folder("Junk").orElseThrow().subscribed());
    rejected(control.setSubscribed(a, "Nope", true), NOT_FOUND);
  }
}
