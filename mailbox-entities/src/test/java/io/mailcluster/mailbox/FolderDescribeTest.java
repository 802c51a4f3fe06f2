package io.mailcluster.mailbox;

import static io.mailcluster.mailbox.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Folder.Describe (the live state, paged, with its sequence number) and Folder.eventHandlerFor
 * (the entity's own rules, to rebuild a state from the journal): what the audit's verify compares.
 */
@ExtendWith(LogCapturing.class)
class FolderDescribeTest {

  private static final String ID = "f-describe";
  private static final String OWNER = "alice@example.com";
  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");
  /** Pekko remoting's default maximum-frame-size. */
  private static final int REMOTE_FRAME_BYTES = 256 * 1024;

  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("mail-cluster.folders { max-fetch = 3 }")
          .withFallback(EventSourcedBehaviorTestKit.config()));

  private final EventSourcedBehaviorTestKit<Folder.Command, Folder.Event, Folder.State> folder =
      EventSourcedBehaviorTestKit.create(
          testKit.system(),
          Folder.create(ID),
          EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clearJournal() {
    folder.clear();
  }

  private <T> T run(Function<ActorRef<StatusReply<T>>, Folder.Command> command) {
    return assertSuccess(folder.<StatusReply<T>>runCommand(command).reply());
  }

  /** 1 create, 5 appends (one write), 1 flag change, 1 expunge: sequence number 8. */
  private void fill() {
    run((ActorRef<StatusReply<FolderStatus>> r) -> new Folder.Create(OWNER, "INBOX", r));
    List<AppendRequest> five = List.of(request("a"), request("b"), request("c"), request("d"),
        request("e"));
    run((ActorRef<StatusReply<AppendBatchResult>> r) -> new Folder.AppendBatch(five, r));
    run((ActorRef<StatusReply<StoreResult>> r) -> new Folder.StoreFlags(new TreeSet<>(List.of(2L)),
        FlagMode.ADD, new TreeSet<>(List.of(Flags.SEEN)), OptionalLong.empty(), r));
    run((ActorRef<StatusReply<Expunged>> r) -> Folder.Expunge.exactly(new TreeSet<>(List.of(3L)), r));
  }

  private static AppendRequest request(String key) {
    return new AppendRequest(key, "blob-" + key, 100, DATE, null);
  }

  @Test
  void describesTheLiveStatePageByPageWithItsSequenceNumber() {
    fill();
    FolderDescription first = run(r -> new Folder.Describe(1, r));
    assertEquals(8, first.sequenceNr());
    FolderStatus status = run(Folder.Status::new);
    FolderDescription.Header header = first.header();
    assertEquals("active", header.lifecycle());
    assertEquals(List.of(OWNER, "INBOX"), List.of(header.owner(), header.name()));
    assertEquals(List.of(status.uidValidity(), status.uidNext(), status.highestModSeq(),
            status.messages(), status.unseen(), status.totalSize()),
        List.of(header.uidValidity(), header.uidNext(), header.highestModSeq(), header.messages(),
            header.unseen(), header.totalSize()));
    assertEquals(5, header.appliedKeys());
    assertEquals(List.of(1L, 2L, 4L), first.entries().stream().map(MessageEntry::uid).toList());
    assertEquals(OptionalLong.of(5), first.nextUid());

    FolderDescription rest = run(r -> new Folder.Describe(5, r));
    assertNull(rest.header(), "the counters come with the first page only");
    assertEquals(List.of(5L), rest.entries().stream().map(MessageEntry::uid).toList());
    assertEquals(OptionalLong.empty(), rest.nextUid());
  }

  @Test
  void describesAFolderThatIsAbsentOrDeleted() {
    FolderDescription absent = run(r -> new Folder.Describe(1, r));
    assertEquals(0, absent.sequenceNr());
    assertEquals("absent", absent.header().lifecycle());
    assertEquals(List.of(), absent.entries());

    FolderStatus created = run(r -> new Folder.Create(OWNER, "Old", r));
    run(Folder.Delete::new);
    FolderDescription deleted = run(r -> new Folder.Describe(1, r));
    assertEquals(2, deleted.sequenceNr());
    assertEquals("deleted", deleted.header().lifecycle());
    assertEquals(created.uidValidity(), deleted.header().uidValidity());
  }

  @Test
  void theEntitysOwnEventHandlerRebuildsTheLiveStateFromItsJournal() {
    fill();
    EventHandler<Folder.State, Folder.Event> handler = Folder.eventHandlerFor(ID,
        FolderSettings.fromConfig(testKit.system().settings().config()));
    Folder.State replayed = new Folder.Absent();
    List<Object> journal = folder.persistenceTestKit().persistedInStorage("Folder|" + ID);
    for (Object event : journal) {
      replayed = handler.apply(replayed, (Folder.Event) event);
    }
    assertEquals(8, journal.size());
    assertEquals(folder.getState(), replayed);
    FolderDescription live = run(r -> new Folder.Describe(1, r));
    assertEquals(live,
        FolderDescription.of(replayed, journal.size(), 1, 3, 128 * 1024));
  }

  @Test
  void aPageStopsAtItsByteBudgetAndFitsARemoteFrame() {
    // worst case: the longest blob ids allowed and many of the longest keywords on every message
    String blobId = "b".repeat(256);
    TreeSet<String> flags = new TreeSet<>(List.of(Flags.SEEN, Flags.FLAGGED, Flags.ANSWERED));
    for (int k = 0; k < 8; k++) {
      flags.add(("k" + k).repeat(64));
    }
    Folder.Active state = Folder.Active.created(ID,
        new Folder.FolderCreated(OWNER, "INBOX", 1_764_324_000L, DATE));
    for (int n = 0; n < 1000; n++) {
      state = state.appended(new Folder.MessageAppended(state.uidNext(), blobId, 1_000_000,
          DATE.plusNanos(123_456_789L + n), flags, state.highestModSeq() + 1, "key-" + n), 10_000);
    }
    int budget = FolderSettings.fromConfig(testKit.system().settings().config()).describePageBytes();
    FolderDescription page = FolderDescription.of(state, 1001, 1, 1000, budget);

    assertTrue(page.entries().size() < 1000, "cut by bytes, not by count");
    assertEquals(OptionalLong.of(page.entries().size() + 1), page.nextUid());
    byte[] bytes = SerializationExtension.get(testKit.system().classicSystem()).serialize(page).get();
    assertTrue(bytes.length <= budget, bytes.length + " bytes, budget " + budget);
    assertTrue(bytes.length < REMOTE_FRAME_BYTES, bytes.length + " bytes");
  }

  @Test
  void aSingleOversizedMessageStillMakesAPage() {
    Folder.Active state = Folder.Active.created(ID,
        new Folder.FolderCreated(OWNER, "INBOX", 1_764_324_000L, DATE));
    for (int n = 0; n < 2; n++) {
      state = state.appended(new Folder.MessageAppended(state.uidNext(), "x".repeat(256), 1, DATE,
          null, state.highestModSeq() + 1, "key-" + n), 10);
    }
    FolderDescription page = FolderDescription.of(state, 3, 1, 10, 1);
    assertEquals(1, page.entries().size());
    assertEquals(OptionalLong.of(2), page.nextUid());
  }
}
