package io.mailcluster.mailbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.control.Rejection;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Copy and move across two sharded folders in a single-node cluster with the in-memory journal.
 * Commands are serialized on their way (serialize-messages), events by the journal. Batches of 3,
 * so copies of more messages go in several chunks.
 */
@ExtendWith(LogCapturing.class)
class FolderServiceTest {

  private static final Config CONFIG =
      ConfigFactory.parseString(
              """
              pekko.actor.serialize-messages = on
              mail-cluster.folders.max-batch-size = 3
              """)
          .withFallback(TestKits.clusterNode());

  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final ActorTestKit testKit = ActorTestKit.create("FolderServiceTest", CONFIG);
  private static FolderService service;

  @BeforeAll
  static void formSingleNodeCluster() {
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(MemberStatus.up(), cluster.selfMember().status());
      return null;
    });
    Folder.init(testKit.system());
    service = new FolderService(testKit.system());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(15, SECONDS);
  }

  /** A new folder with messages 1..count (uid n has blob "b-n", size n, \Seen if even). */
  private static String folderWith(int count) throws Exception {
    String id = UUID.randomUUID().toString();
    await(service.folder(id).<FolderStatus>askWithStatus(
        r -> new Folder.Create("alice@example.com", "INBOX", r), TIMEOUT));
    for (int n = 1; n <= count; n++) {
      TreeSet<String> flags = new TreeSet<>(n % 2 == 0 ? List.of(Flags.SEEN) : List.of());
      AppendRequest request = new AppendRequest("d-" + n, "b-" + n, n, DATE.plusSeconds(n), flags);
      await(service.folder(id).<AppendResult>askWithStatus(
          r -> new Folder.Append(request, r), TIMEOUT));
    }
    return id;
  }

  private static List<MessageEntry> entries(String folderId) throws Exception {
    return await(service.folder(folderId).<MessagePage>askWithStatus(
        r -> new Folder.Fetch(List.of(UidRange.from(1)), r), TIMEOUT)).entries();
  }

  private static FolderStatus status(String folderId) throws Exception {
    return await(service.folder(folderId).<FolderStatus>askWithStatus(Folder.Status::new, TIMEOUT));
  }

  private static List<CopyResult.Copied> pairs(long... sourceAndTarget) {
    return LongStream.range(0, sourceAndTarget.length / 2)
        .mapToObj(i -> new CopyResult.Copied(sourceAndTarget[(int) (2 * i)],
            sourceAndTarget[(int) (2 * i + 1)]))
        .toList();
  }

  @Test
  void copyAppendsTheMessagesWithFlagsAndDates() throws Exception {
    String from = folderWith(3);
    String to = folderWith(1);
    CopyResult result = await(service.copy(from, to, List.of(3L, 2L, 9L)));
    assertEquals(
        new CopyResult(status(from).uidValidity(), status(to).uidValidity(), pairs(2, 2, 3, 3)),
        result);
    List<MessageEntry> target = entries(to);
    assertEquals(3, target.size());
    MessageEntry copyOf2 = target.get(1);
    assertEquals(List.of("b-2", "b-3"), target.subList(1, 3).stream().map(MessageEntry::blobId).toList());
    assertEquals(DATE.plusSeconds(2), copyOf2.internalDate());
    assertEquals(new TreeSet<>(List.of(Flags.SEEN)), copyOf2.flags());
    assertEquals(3, entries(from).size());
  }

  @Test
  void retriedCopyDoesNotDuplicate() throws Exception {
    String from = folderWith(2);
    String to = folderWith(0);
    CopyResult first = await(service.copy(from, to, List.of(1L, 2L)));
    CopyResult again = await(service.copy(from, to, List.of(1L, 2L)));
    assertEquals(first, again);
    assertEquals(2, status(to).messages());
    assertEquals(3, status(to).uidNext());
  }

  @Test
  void copyWithANewOperationIdCopiesAgain() throws Exception {
    String from = folderWith(1);
    String to = folderWith(0);
    assertEquals(pairs(1, 1), await(service.copy(from, to, List.of(1L), "op-1")).copied());
    assertEquals(pairs(1, 1), await(service.copy(from, to, List.of(1L), "op-1")).copied());
    assertEquals(pairs(1, 2), await(service.copy(from, to, List.of(1L), "op-2")).copied());
    assertEquals(2, status(to).messages());
  }

  @Test
  void copyOfManyMessagesGoesInChunks() throws Exception {
    String from = folderWith(7);
    String to = folderWith(0);
    CopyResult result = await(service.copy(from, to, LongStream.rangeClosed(1, 7).boxed().toList()));
    assertEquals(pairs(1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7), result.copied());
    assertEquals(
        List.of("b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "b-7"),
        entries(to).stream().map(MessageEntry::blobId).toList());
  }

  @Test
  void moveExpungesTheSourceMessages() throws Exception {
    String from = folderWith(3);
    String to = folderWith(0);
    long highestBefore = status(from).highestModSeq();
    CopyResult result = await(service.move(from, to, List.of(1L, 3L)));
    assertEquals(pairs(1, 1, 3, 2), result.copied());
    assertEquals(List.of(2L), entries(from).stream().map(MessageEntry::uid).toList());
    assertEquals(highestBefore + 1, status(from).highestModSeq());
    assertEquals(List.of("b-1", "b-3"), entries(to).stream().map(MessageEntry::blobId).toList());
  }

  @Test
  void moveRetriedAfterItsCopyHalfCompletesWithoutDuplicates() throws Exception {
    String from = folderWith(2);
    String to = folderWith(0);
    // a move that stopped after copying: the messages are in both folders
    await(service.copy(from, to, List.of(1L, 2L)));
    CopyResult retried = await(service.move(from, to, List.of(1L, 2L)));
    assertEquals(pairs(1, 1, 2, 2), retried.copied());
    assertEquals(0, status(from).messages());
    assertEquals(2, status(to).messages());
  }

  @Test
  void copyToAMissingFolderIsNotFound() throws Exception {
    String from = folderWith(1);
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> await(service.copy(from, "no-such-folder", List.of(1L))));
    Rejection rejection = assertInstanceOf(Rejection.class, failure.getCause());
    assertEquals(Rejection.Kind.NOT_FOUND, rejection.kind());
    assertEquals(1, status(from).messages());
  }

  @Test
  void copyOfMissingUidsCopiesNothing() throws Exception {
    String from = folderWith(1);
    String to = folderWith(0);
    CopyResult result = await(service.copy(from, to, List.of(5L, 6L)));
    assertEquals(List.of(), result.copied());
    assertEquals(status(to).uidValidity(), result.targetUidValidity());
    assertEquals(0, status(to).messages());
  }
}
