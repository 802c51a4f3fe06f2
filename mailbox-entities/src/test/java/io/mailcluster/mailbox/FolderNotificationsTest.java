package io.mailcluster.mailbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import io.mailcluster.testing.TestKits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.pubsub.DistributedPubSub;
import org.apache.pekko.cluster.pubsub.DistributedPubSubMediator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Folder notifications and the FolderService reads, against sharded folders in a single-node
 * cluster with the in-memory journal. Commands and pub-sub messages are serialized on their way
 * (serialize-messages). Small pages (2 entries per Fetch, 2 runs per Uids) so the service has to
 * follow them.
 */
@ExtendWith(LogCapturing.class)
class FolderNotificationsTest {

  private static final Config CONFIG =
      ConfigFactory.parseString(
              """
              pekko.actor.serialize-messages = on
              mail-cluster.folders { max-fetch = 2, max-uid-runs = 2 }
              """)
          .withFallback(TestKits.clusterNode());

  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");

  private static final ActorTestKit testKit = ActorTestKit.create("FolderNotificationsTest", CONFIG);
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
    return stage.toCompletableFuture().get(10, SECONDS);
  }

  private static FolderStatus create(String folderId) throws Exception {
    return await(service.folder(folderId).<FolderStatus>askWithStatus(
        r -> new Folder.Create("alice@example.com", "INBOX", r), Duration.ofSeconds(5)));
  }

  private static AppendResult append(String folderId, String key, String... flags)
      throws Exception {
    AppendRequest request =
        new AppendRequest(key, "blob-" + key, 10, DATE, new TreeSet<>(List.of(flags)));
    return await(service.folder(folderId).<AppendResult>askWithStatus(
        r -> new Folder.Append(request, r), Duration.ofSeconds(5)));
  }

  /** Subscribes through the mediator directly, to wait for its acknowledgement. */
  private static TestProbe<FolderChanged> subscribed(String folderId) {
    TestProbe<FolderChanged> subscriber = testKit.createTestProbe(FolderChanged.class);
    FolderNotifications.subscribe(testKit.system(), folderId, subscriber.ref());
    // Wait until the topic knows the subscriber: the mediator answers CurrentTopics in order.
    TestProbe<Object> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      DistributedPubSub.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()))
          .mediator().tell(DistributedPubSubMediator.getTopicsInstance(),
              org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(probe.ref()));
      DistributedPubSubMediator.CurrentTopics topics =
          probe.expectMessageClass(DistributedPubSubMediator.CurrentTopics.class);
      assertTrue(topics.getTopics().contains(FolderNotifications.topic(folderId)));
      return null;
    });
    return subscriber;
  }

  @Test
  void subscriberHearsOfAppendsFlagChangesAndExpunges() throws Exception {
    create("n-1");
    TestProbe<FolderChanged> subscriber = subscribed("n-1");

    append("n-1", "k1");
    assertEquals(new FolderChanged("n-1", 2, 2, 1), subscriber.receiveMessage());

    StoreResult stored = await(service.store("n-1", new TreeSet<>(List.of(1L)), FlagMode.ADD,
        new TreeSet<>(List.of(Flags.DELETED)), OptionalLong.empty()));
    assertEquals(new FolderChanged("n-1", stored.highestModSeq(), 2, 1),
        subscriber.receiveMessage());

    Expunged expunged = await(service.expunge("n-1", new TreeSet<>()));
    assertEquals(List.of(1L), expunged.uids());
    assertEquals(new FolderChanged("n-1", expunged.highestModSeq(), 2, 0),
        subscriber.receiveMessage());
  }

  @Test
  void unsubscribedAndOtherFoldersHearNothing() throws Exception {
    create("n-2");
    create("n-3");
    TestProbe<FolderChanged> subscriber = subscribed("n-2");
    append("n-3", "k1");
    subscriber.expectNoMessage(Duration.ofMillis(300));
    FolderNotifications.unsubscribe(testKit.system(), "n-2", subscriber.ref());
    TestProbe<FolderChanged> other = subscribed("n-2"); // after the unsubscribe, in order
    append("n-2", "k1");
    other.receiveMessage();
    subscriber.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void serviceFollowsUidAndFetchPages() throws Exception {
    create("s-1");
    for (int i = 1; i <= 9; i++) {
      append("s-1", "k" + i);
    }
    await(service.expunge("s-1", new TreeSet<>())); // nothing \Deleted: nothing goes
    await(service.store("s-1", new TreeSet<>(List.of(2L, 5L, 6L)), FlagMode.ADD,
        new TreeSet<>(List.of(Flags.DELETED)), OptionalLong.empty()));
    await(service.expunge("s-1", new TreeSet<>(List.of(2L, 5L, 6L))));

    assertArrayEquals(new long[] {1, 3, 4, 7, 8, 9}, await(service.uids("s-1")));
    List<MessageEntry> entries = await(service.entries("s-1",
        List.of(new UidRange(8, 100), new UidRange(1, 4))));
    assertEquals(List.of(1L, 3L, 4L, 8L, 9L), entries.stream().map(MessageEntry::uid).toList());

    FolderStatus status = await(service.status("s-1"));
    assertEquals(6, status.messages());
    FolderChanges changes = await(service.changes("s-1", status.highestModSeq(), 10));
    assertEquals(List.of(), changes.flagsChanged());
    FolderChanges since = await(service.changes("s-1", 10, 10)); // after the 9 appends
    assertEquals(List.of(), since.added());
    assertEquals(List.of(), since.flagsChanged()); // the flagged ones are gone
    assertEquals(List.of(new UidRange(2, 2), new UidRange(5, 6)), since.expunged());
    FolderChanges sinceEight = await(service.changes("s-1", 10, 8));
    assertEquals(List.of(new UidRange(8, 9)), sinceEight.added());
    assertTrue(!sinceEight.expungedKnown()); // 3 ranges, 2 per reply: resync with uids
  }
}
