package io.mailcluster.mailbox;

import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.mailbox.Replies.assertRejected;
import static io.mailcluster.mailbox.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.mailbox.Folder.Active;
import io.mailcluster.testing.LogCapturing;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Folder.Changes} and {@link Folder.Uids} under the behaviour test kit (every command,
 * event, state and reply serialized). Small limits: a change log of 6 uids, 3 flag entries and 3
 * uid runs per reply, a snapshot every 10 events.
 */
@ExtendWith(LogCapturing.class)
class FolderChangesTest {

  private static final String ID = "f-changes";
  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");

  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString(
              """
              mail-cluster.folders {
                change-log-size = 6
                max-fetch = 3
                max-uid-runs = 3
                snapshot-every = 10
              }
              """)
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

  // ---- helpers ----

  private FolderStatus create() {
    return assertSuccess(folder.<StatusReply<FolderStatus>>runCommand(
        r -> new Folder.Create("alice@example.com", "INBOX", r)).reply());
  }

  private int keys;

  private void append(int count) {
    for (int i = 0; i < count; i++) {
      AppendRequest request = new AppendRequest("k" + keys++, "blob", 10, DATE, null);
      assertSuccess(folder.<StatusReply<AppendResult>>runCommand(
          r -> new Folder.Append(request, r)).reply());
    }
  }

  private long store(FlagMode mode, String flag, long... uids) {
    return assertSuccess(folder.<StatusReply<StoreResult>>runCommand(r -> new Folder.StoreFlags(
        set(uids), mode, new TreeSet<>(List.of(flag)), OptionalLong.empty(), r)).reply())
        .highestModSeq();
  }

  private long expunge(long... uids) {
    return assertSuccess(folder.<StatusReply<Expunged>>runCommand(
        r -> Folder.Expunge.exactly(set(uids), r)).reply()).highestModSeq();
  }

  private FolderChanges changes(long since, long knownUidNext) {
    return assertSuccess(folder.<StatusReply<FolderChanges>>runCommand(
        r -> new Folder.Changes(since, knownUidNext, r)).reply());
  }

  private UidList uids(long from) {
    return assertSuccess(
        folder.<StatusReply<UidList>>runCommand(r -> new Folder.Uids(from, r)).reply());
  }

  private Active active() {
    return (Active) folder.getState();
  }

  private static SortedSet<Long> set(long... uids) {
    return new TreeSet<>(LongStream.of(uids).boxed().toList());
  }

  private static List<Long> uidsOf(List<MessageFlags> flags) {
    return flags.stream().map(MessageFlags::uid).toList();
  }

  private static UidRange range(long first, long last) {
    return new UidRange(first, last);
  }

  // ---- tests ----

  @Test
  void changesAtTheHighestModSeqAreEmpty() {
    create();
    append(4);
    store(FlagMode.ADD, Flags.SEEN, 2);
    Active state = active();
    FolderChanges changes = changes(state.highestModSeq(), state.uidNext());
    assertEquals(new FolderChanges(state.uidValidity(), 5, state.highestModSeq(), 4,
        List.of(), List.of(), true, List.of(), true), changes);
  }

  @Test
  void changesReportAppendsFlagChangesAndExpunges() {
    create();
    append(5); // uids 1..5, modseqs 2..6
    Active known = active();
    long since = known.highestModSeq();
    long flagged = store(FlagMode.ADD, Flags.FLAGGED, 2, 4);
    expunge(3);
    append(2); // uids 6, 7
    expunge(6);

    FolderChanges changes = changes(since, known.uidNext());

    assertEquals(List.of(range(7, 7)), changes.added());
    assertEquals(List.of(
            new MessageFlags(2, new TreeSet<>(List.of(Flags.FLAGGED)), flagged),
            new MessageFlags(4, new TreeSet<>(List.of(Flags.FLAGGED)), flagged)),
        changes.flagsChanged());
    assertTrue(changes.flagsComplete());
    assertTrue(changes.expungedKnown());
    assertEquals(List.of(range(3, 3), range(6, 6)), changes.expunged());
    assertEquals(8, changes.uidNext());
    assertEquals(5, changes.messages());
    assertEquals(active().highestModSeq(), changes.highestModSeq());
  }

  @Test
  void flagChangesOfExpungedMessagesAreLeftOut() {
    create();
    append(3);
    long since = active().highestModSeq();
    store(FlagMode.ADD, Flags.SEEN, 1, 2);
    expunge(1, 2);
    FolderChanges changes = changes(since, 4);
    assertEquals(List.of(), changes.flagsChanged());
    assertEquals(List.of(range(1, 2)), changes.expunged());
  }

  @Test
  void flagChangesAreCutAtMaxFetchInUidOrder() {
    create();
    append(5);
    long since = active().highestModSeq();
    store(FlagMode.ADD, Flags.SEEN, 5, 4);
    store(FlagMode.ADD, Flags.SEEN, 1, 2);
    FolderChanges changes = changes(since, 6);
    assertEquals(List.of(1L, 2L, 4L), uidsOf(changes.flagsChanged()));
    assertFalse(changes.flagsComplete());
  }

  @Test
  void appendsBelowKnownUidNextAfterSinceCountAsChanged() {
    create();
    append(2);
    long since = active().highestModSeq();
    append(2); // uids 3 and 4, which the caller says it knows
    store(FlagMode.ADD, Flags.SEEN, 1);
    FolderChanges changes = changes(since, 5);
    assertEquals(List.of(1L, 3L, 4L), uidsOf(changes.flagsChanged()));
    assertEquals(List.of(), changes.added());
  }

  @Test
  void anOverflowingLogForgetsOldExpungesButFlagsStillComeFromAScan() {
    create();
    append(8);
    long since = active().highestModSeq();
    expunge(8);
    store(FlagMode.ADD, Flags.SEEN, 1, 2, 3);
    assertTrue(active().changes().covers(since));
    store(FlagMode.ADD, Flags.ANSWERED, 4, 5, 6, 7); // 8 uids in a log of 6: the oldest go
    assertFalse(active().changes().covers(since));

    FolderChanges changes = changes(since, 9);
    assertFalse(changes.expungedKnown());
    assertEquals(List.of(), changes.expunged());
    assertEquals(List.of(1L, 2L, 3L), uidsOf(changes.flagsChanged()));
    assertFalse(changes.flagsComplete()); // 7 changed, 3 per reply

    // a mod-sequence the log still covers: answered from it, expunges known
    long recent = active().highestModSeq() - 1;
    FolderChanges fromLog = changes(recent, 9);
    assertTrue(fromLog.expungedKnown());
    assertEquals(List.of(4L, 5L, 6L), uidsOf(fromLog.flagsChanged()));
  }

  @Test
  void afterARestartFromASnapshotTheLogCoversOnlyFromTheSnapshot() {
    create(); // event 1
    append(9); // events 2..10: a snapshot at event 10, HIGHESTMODSEQ 10
    long atSnapshot = active().highestModSeq();
    expunge(9); // event 11, after the snapshot
    store(FlagMode.ADD, Flags.SEEN, 1);
    assertTrue(active().changes().covers(0));

    Active restarted = (Active) folder.restart().state();
    assertEquals(atSnapshot, restarted.changes().coversFrom());
    assertEquals(active(), restarted);

    FolderChanges fromSnapshot = changes(atSnapshot, 10);
    assertTrue(fromSnapshot.expungedKnown());
    assertEquals(List.of(range(9, 9)), fromSnapshot.expunged()); // replayed after the snapshot
    assertEquals(List.of(1L), uidsOf(fromSnapshot.flagsChanged()));

    FolderChanges older = changes(atSnapshot - 1, 10);
    assertFalse(older.expungedKnown());
    assertEquals(List.of(1L), uidsOf(older.flagsChanged())); // by a scan
  }

  @Test
  void tooManyExpungedRangesAreReportedUnknown() {
    create();
    append(9);
    long since = active().highestModSeq();
    expunge(1, 3, 5, 7);
    FolderChanges changes = changes(since, 10);
    assertFalse(changes.expungedKnown()); // 4 ranges, 3 per reply
    assertEquals(List.of(), changes.expunged());
  }

  @Test
  void uidsArePagedAsRunsWithGaps() {
    create();
    append(12);
    expunge(3, 4, 7, 10);
    // uids 1-2, 5-6, 8-9, 11-12
    UidList first = uids(1);
    assertEquals(List.of(range(1, 2), range(5, 6), range(8, 9)), first.runs());
    assertEquals(OptionalLong.of(11), first.nextUid());
    UidList rest = uids(11);
    assertEquals(List.of(range(11, 12)), rest.runs());
    assertEquals(OptionalLong.empty(), rest.nextUid());
    assertEquals(List.of(range(6, 6), range(8, 9), range(11, 12)), uids(6).runs());
    assertEquals(List.of(), uids(13).runs());
  }

  /**
   * The default limits keep the largest replies well under Pekko remoting's 256 KiB frame:
   * max-uid-runs ranges of 32-bit uids, and a Changes reply with as many ranges plus max-fetch
   * flag entries (two system flags and two keywords each).
   */
  @Test
  void repliesAtTheDefaultLimitsStayWellUnderTheFrameSize() {
    FolderSettings defaults = FolderSettings.fromConfig(ConfigFactory.defaultReference());
    List<UidRange> runs = LongStream.range(0, defaults.maxUidRuns())
        .mapToObj(i -> range(4_000_000_000L + 3 * i, 4_000_000_000L + 3 * i + 1)).toList();
    TreeSet<String> flags =
        new TreeSet<>(List.of(Flags.SEEN, Flags.FLAGGED, "$Forwarded", "$MailFlagBit1"));
    List<MessageFlags> changed = LongStream.range(0, defaults.maxFetch())
        .mapToObj(i -> new MessageFlags(4_000_000_000L + i, flags, 9_000_000_000L + i)).toList();
    int uidList = size(new UidList(runs, OptionalLong.of(4_100_000_000L)));
    int changes = size(new FolderChanges(4_000_000_000L, 4_200_000_000L, 9_100_000_000L, 200_000,
        runs.subList(0, runs.size() / 2), changed, false,
        runs.subList(runs.size() / 2, runs.size()), true));
    System.out.printf("UidList of %d runs: %d bytes; FolderChanges: %d bytes%n",
        runs.size(), uidList, changes);
    assertTrue(uidList < 64 * 1024, () -> "UidList " + uidList);
    assertTrue(changes < 128 * 1024, () -> "FolderChanges " + changes);
  }

  private static int size(Object reply) {
    return org.apache.pekko.serialization.SerializationExtension.get(
        testKit.system().classicSystem()).serialize(reply).get().length;
  }

  @Test
  void changesAndUidsOfAnAbsentFolderAreNotFound() {
    assertRejected(folder.<StatusReply<FolderChanges>>runCommand(
        r -> new Folder.Changes(1, 1, r)).reply(), NOT_FOUND, "folder f-changes does not exist");
    assertRejected(folder.<StatusReply<UidList>>runCommand(
        r -> new Folder.Uids(1, r)).reply(), NOT_FOUND, "folder f-changes does not exist");
  }
}
