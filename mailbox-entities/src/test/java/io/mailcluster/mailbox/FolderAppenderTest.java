package io.mailcluster.mailbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.control.Rejection;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Group commit: concurrent appends to one folder share journal writes; each caller gets its uid. */
@ExtendWith(LogCapturing.class)
class FolderAppenderTest {

  private static final Config CONFIG =
      ConfigFactory.parseString("mail-cluster.folders.max-batch-size = 50").withFallback(TestKits.clusterNode());
  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create("FolderAppenderTest", CONFIG);
  private static FolderAppender appender;
  private static FolderService folders;
  private final List<Integer> writes = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void formSingleNodeCluster() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    Folder.init(testKit.system());
    folders = new FolderService(testKit.system());
    appender = new FolderAppender(testKit.system());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void countJournalWrites() {
    PersistenceTestKit.create(testKit.system()).withPolicy(new ProcessingPolicy<JournalOperation>() {
      @Override
      public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
        if (operation instanceof WriteEvents write && persistenceId.startsWith("Folder|")) {
          writes.add(write.getBatch().size());
        }
        return ProcessingSuccess.getInstance();
      }
    });
  }

  @Test
  void concurrentAppendsShareWritesAndGetDistinctConsecutiveUids() throws Exception {
    String folderId = newFolder();
    writes.clear();
    int appends = 300;
    List<CompletionStage<AppendResult>> pending = new ArrayList<>();
    for (int i = 0; i < appends; i++) {
      pending.add(appender.append(folderId, request("m-" + i)));
    }
    TreeSet<Long> uids = new TreeSet<>();
    for (CompletionStage<AppendResult> result : pending) {
      uids.add(await(result).uid());
    }
    assertEquals(appends, uids.size(), "every append its own uid");
    assertEquals(1L, uids.first());
    assertEquals((long) appends, uids.last());
    assertEquals(appends, writes.stream().mapToInt(Integer::intValue).sum(), "every append persisted once");
    assertTrue(writes.size() < appends / 5, "appends were grouped into few writes: " + writes);
    assertTrue(writes.stream().allMatch(size -> size <= 50), "no write over max-batch-size: " + writes);
  }

  @Test
  void aLoneAppendGoesAtOnceAsItsOwnWrite() throws Exception {
    String folderId = newFolder();
    writes.clear();
    assertEquals(1, await(appender.append(folderId, request("only"))).uid());
    assertEquals(List.of(1), writes);
  }

  @Test
  void aBadAppendFailsOnlyItsOwnSender() throws Exception {
    String folderId = newFolder();
    List<CompletableFuture<AppendResult>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String key = i == 7 ? "" : "ok-" + i; // an empty idempotency key is INVALID
      results.add(appender.append(folderId, request(key)).toCompletableFuture());
    }
    for (int i = 0; i < 20; i++) {
      if (i == 7) {
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> results.get(7).get(15, SECONDS));
        assertInstanceOf(Rejection.class, failure.getCause());
        assertEquals(Rejection.Kind.INVALID, Rejection.kindOf(failure.getCause()));
      } else {
        assertTrue(results.get(i).get(15, SECONDS).uid() > 0);
      }
    }
  }

  @Test
  void anAppendToAMissingFolderIsNotFound() {
    ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> await(appender.append("no-such-folder-" + UUID.randomUUID(), request("x"))));
    assertEquals(Rejection.Kind.NOT_FOUND, Rejection.kindOf(failure.getCause()));
  }

  private static String newFolder() throws Exception {
    String id = UUID.randomUUID().toString();
    await(folders.folder(id).<FolderStatus>askWithStatus(
        r -> new Folder.Create("alice@example.com", "INBOX", r), Duration.ofSeconds(5)));
    return id;
  }

  private static AppendRequest request(String key) {
    return new AppendRequest(key, "blob-" + key, 100, DATE, new TreeSet<>());
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, SECONDS);
  }
}
