package io.mailcluster.mailbox;

import static io.mailcluster.control.Rejection.Kind.CONFLICT;
import static io.mailcluster.control.Rejection.Kind.INVALID;
import static io.mailcluster.control.Rejection.Kind.NOT_FOUND;
import static io.mailcluster.mailbox.Replies.assertRejected;
import static io.mailcluster.mailbox.Replies.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.mailbox.Folder.Active;
import io.mailcluster.mailbox.Folder.Deleted;
import io.mailcluster.mailbox.Folder.FlagsChanged;
import io.mailcluster.mailbox.Folder.FolderCreated;
import io.mailcluster.mailbox.Folder.FolderDeleted;
import io.mailcluster.mailbox.Folder.MessageAppended;
import io.mailcluster.mailbox.Folder.MessagesExpunged;
import io.mailcluster.testing.LogCapturing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Folder entity under the behaviour test kit, which serializes every command, event and state
 * with our real bindings and checks each comes back equal.
 */
@ExtendWith(LogCapturing.class)
class FolderTest {

  private static final String ID = "f-0001";
  private static final String OWNER = "alice@example.com";
  private static final Instant DATE = Instant.parse("2026-11-28T10:00:00Z");
  private static final int KEYS_KEPT = 20;

  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString(
              "mail-cluster.folders { idempotency-keys = " + KEYS_KEPT + ", max-fetch = 5 }")
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
    folder.persistenceTestKit().resetPolicy();
  }

  // ---- helpers ----

  private <T> CommandResultWithReply<Folder.Command, Folder.Event, Folder.State, StatusReply<T>>
      run(Function<ActorRef<StatusReply<T>>, Folder.Command> command) {
    return folder.runCommand(command);
  }

  private static AppendRequest request(String key, String... flags) {
    return new AppendRequest(key, "blob-" + key, 100, DATE, new TreeSet<>(List.of(flags)));
  }

  private FolderStatus create() {
    return assertSuccess(this.<FolderStatus>run(r -> new Folder.Create(OWNER, "INBOX", r)).reply());
  }

  private CommandResultWithReply<Folder.Command, Folder.Event, Folder.State, StatusReply<AppendResult>>
      append(AppendRequest request) {
    return run(r -> new Folder.Append(request, r));
  }

  private long appendOk(String key, String... flags) {
    return assertSuccess(append(request(key, flags)).reply()).uid();
  }

  private CommandResultWithReply<Folder.Command, Folder.Event, Folder.State, StatusReply<AppendBatchResult>>
      batch(List<AppendRequest> requests) {
    return run(r -> new Folder.AppendBatch(requests, r));
  }

  private CommandResultWithReply<Folder.Command, Folder.Event, Folder.State, StatusReply<StoreResult>>
      store(SortedSet<Long> uids, FlagMode mode, OptionalLong since, String... flags) {
    return run(r -> new Folder.StoreFlags(uids, mode, new TreeSet<>(List.of(flags)), since, r));
  }

  private CommandResultWithReply<Folder.Command, Folder.Event, Folder.State, StatusReply<Expunged>>
      expunge(Function<ActorRef<StatusReply<Expunged>>, Folder.Command> command) {
    return run(command);
  }

  private FolderStatus status() {
    return assertSuccess(this.<FolderStatus>run(Folder.Status::new).reply());
  }

  private Active active() {
    return (Active) folder.getState();
  }

  private static SortedSet<Long> uids(long... uids) {
    return new TreeSet<>(LongStream.of(uids).boxed().toList());
  }

  private static SortedSet<String> flags(String... flags) {
    return new TreeSet<>(List.of(flags));
  }

  // ---- create ----

  @Test
  void createStartsEmptyWithUidValidityFromTheClock() {
    long before = Instant.now().getEpochSecond();
    var result = this.<FolderStatus>run(r -> new Folder.Create(OWNER, "INBOX", r));
    FolderStatus status = assertSuccess(result.reply());
    FolderCreated event = result.eventOfType(FolderCreated.class);
    assertTrue(event.uidValidity() >= before && event.uidValidity() <= Instant.now().getEpochSecond());
    assertEquals(new FolderCreated(OWNER, "INBOX", event.uidValidity(), event.createdAt()), event);
    assertEquals(new FolderStatus(ID, OWNER, "INBOX", event.uidValidity(), 1, 1, 0, 0, 0), status);
    assertEquals(0, result.stateOfType(Active.class).messages().size());
  }

  @Test
  void createRejectsExistingFolder() {
    create();
    var result = this.<FolderStatus>run(r -> new Folder.Create(OWNER, "Other", r));
    assertRejected(result.reply(), CONFLICT, "folder f-0001 already exists");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void createRetriedBySameOwnerAndNameIsDone() {
    FolderStatus first = create();
    appendOk("k1");
    var result = this.<FolderStatus>run(r -> new Folder.Create(OWNER, "INBOX", r));
    FolderStatus again = assertSuccess(result.reply());
    assertTrue(result.hasNoEvents());
    assertEquals(first.uidValidity(), again.uidValidity());
    assertEquals(1, again.messages()); // nothing reset
    assertEquals(ID, again.folderId());
  }

  @Test
  void createByAnotherOwnerOfExistingFolderIsConflict() {
    create();
    var result = this.<FolderStatus>run(r -> new Folder.Create("mallory@example.com", "INBOX", r));
    assertRejected(result.reply(), CONFLICT, "folder f-0001 already exists");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void renameSetsTheDisplayNameOnceForItsOwner() {
    create();
    var result = this.<FolderStatus>run(r -> new Folder.Rename(OWNER, "Old Mail", r));
    assertEquals("Old Mail", assertSuccess(result.reply()).name());
    assertEquals(List.of(new Folder.FolderRenamed("Old Mail")), result.events());
    assertTrue(this.<FolderStatus>run(r -> new Folder.Rename(OWNER, "Old Mail", r)).hasNoEvents());
    assertRejected(this.<FolderStatus>run(r -> new Folder.Rename("mallory@example.com", "x", r))
        .reply(), CONFLICT, "folder f-0001 already exists");
    assertEquals("Old Mail", ((Active) folder.restart().state()).name());
  }

  @Test
  void createRejectsEmptyOwnerOrName() {
    assertRejected(this.<FolderStatus>run(r -> new Folder.Create(" ", "INBOX", r)).reply(),
        INVALID, "owner must not be empty");
    assertRejected(this.<FolderStatus>run(r -> new Folder.Create(OWNER, "", r)).reply(),
        INVALID, "name must not be empty");
    assertTrue(folder.getState() instanceof Folder.Absent);
  }

  static Stream<Arguments> commandsOtherThanCreate() {
    List<Function<ActorRef<StatusReply<Object>>, Folder.Command>> commands = List.of(
        r -> new Folder.Append(request("k"), cast(r)),
        r -> new Folder.AppendBatch(List.of(request("k")), cast(r)),
        r -> new Folder.StoreFlags(uids(1), FlagMode.ADD, flags("\\Seen"), OptionalLong.empty(), cast(r)),
        r -> Folder.Expunge.allDeleted(cast(r)),
        r -> new Folder.CopyOut(uids(1), cast(r)),
        r -> new Folder.Status(cast(r)),
        r -> new Folder.Fetch(List.of(UidRange.from(1)), cast(r)),
        r -> new Folder.Delete(cast(r)));
    return commands.stream().map(Arguments::of);
  }

  @SuppressWarnings("unchecked")
  private static <T> ActorRef<StatusReply<T>> cast(ActorRef<StatusReply<Object>> ref) {
    return (ActorRef<StatusReply<T>>) (ActorRef<?>) ref;
  }

  @ParameterizedTest
  @MethodSource("commandsOtherThanCreate")
  void commandsOnAbsentFolderAreNotFound(Function<ActorRef<StatusReply<Object>>, Folder.Command> command) {
    var result = folder.<StatusReply<Object>>runCommand(command);
    assertRejected(result.reply(), NOT_FOUND, "folder f-0001 does not exist");
    assertTrue(result.hasNoEvents());
  }

  @ParameterizedTest
  @MethodSource("commandsOtherThanCreate")
  void commandsOnDeletedFolderAreNotFound(Function<ActorRef<StatusReply<Object>>, Folder.Command> command) {
    create();
    assertSuccess(this.<Done>run(Folder.Delete::new).reply());
    var result = folder.<StatusReply<Object>>runCommand(command);
    assertRejected(result.reply(), NOT_FOUND, "folder f-0001 does not exist");
    assertTrue(result.hasNoEvents());
  }

  // ---- append ----

  @Test
  void appendAssignsNextUid() {
    FolderStatus created = create();
    var first = append(request("k1"));
    assertEquals(new AppendResult(1, created.uidValidity(), false), assertSuccess(first.reply()));
    assertEquals(
        new MessageAppended(1, "blob-k1", 100, DATE, flags(), 2, "k1"),
        first.eventOfType(MessageAppended.class));
    var second = append(request("k2", "\\Seen"));
    assertEquals(new AppendResult(2, created.uidValidity(), false), assertSuccess(second.reply()));
    Active state = second.stateOfType(Active.class);
    assertEquals(3, state.uidNext());
    assertEquals(3, state.highestModSeq());
    assertEquals(
        new MessageEntry(2, "blob-k2", 100, DATE, flags("\\Seen"), 3),
        state.messages().get(2).orElseThrow());
  }

  @Test
  void duplicateIdempotencyKeyReturnsSameUidAndNoEvent() {
    create();
    appendOk("k1");
    appendOk("k2");
    var again = append(new AppendRequest("k1", "another-blob", 5, DATE, null));
    assertEquals(new AppendResult(1, active().uidValidity(), true), assertSuccess(again.reply()));
    assertTrue(again.hasNoEvents());
    assertEquals(3, active().uidNext());
  }

  @Test
  void keyStaysAppliedAfterItsMessageIsExpunged() {
    create();
    appendOk("k1");
    assertSuccess(expunge(r -> Folder.Expunge.exactly(uids(1), r)).reply());
    var again = append(request("k1"));
    assertEquals(1, assertSuccess(again.reply()).uid());
    assertTrue(again.reply().getValue().duplicate());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void oldestKeysAreForgottenBeyondTheLimit() {
    create();
    for (int i = 1; i <= KEYS_KEPT + 1; i++) {
      appendOk("k" + i);
    }
    assertEquals(KEYS_KEPT, active().appliedKeys().size());
    assertTrue(active().appliedKeys().uidFor("k1").isEmpty());
    assertEquals(OptionalLong.of(2), active().appliedKeys().uidFor("k2"));
    // k1 is forgotten: a (very late) retry appends again, under a new uid
    AppendResult late = assertSuccess(append(request("k1")).reply());
    assertEquals(KEYS_KEPT + 2, late.uid());
    assertFalse(late.duplicate());
  }

  @Test
  void appendCanonicalizesSystemFlags() {
    create();
    var result = append(request("k1", "\\SEEN", "\\flagged", "$Junk"));
    assertSuccess(result.reply());
    assertEquals(flags("$Junk", "\\Flagged", "\\Seen"), result.eventOfType(MessageAppended.class).flags());
    assertEquals(0, status().unseen());
  }

  static Stream<Arguments> invalidRequests() {
    return Stream.of(
        Arguments.of(new AppendRequest("", "b", 1, DATE, null), "idempotency key must not be empty"),
        Arguments.of(new AppendRequest("x".repeat(257), "b", 1, DATE, null),
            "idempotency key longer than 256 characters"),
        Arguments.of(new AppendRequest("k", "", 1, DATE, null), "blob id must not be empty"),
        Arguments.of(new AppendRequest("k", "b".repeat(257), 1, DATE, null),
            "blob id longer than 256 characters"),
        Arguments.of(new AppendRequest("k", "b", -1, DATE, null), "size must not be negative"),
        Arguments.of(new AppendRequest("k", "b", 1, null, null), "internal date is required"),
        Arguments.of(new AppendRequest("k", "b", 1, DATE, flags("\\Recent")),
            "flag \\Recent is not a storable system flag"),
        Arguments.of(new AppendRequest("k", "b", 1, DATE, flags("bad(word")),
            "keyword bad(word is not an IMAP atom"));
  }

  @ParameterizedTest
  @MethodSource("invalidRequests")
  void appendRejectsInvalidRequest(AppendRequest request, String message) {
    create();
    var result = append(request);
    assertRejected(result.reply(), INVALID, message);
    assertTrue(result.hasNoEvents());
  }

  // ---- batch ----

  @Test
  void batchAppendIsOneWriteWithConsecutiveUids() {
    create();
    appendOk("k0");
    List<Integer> writes = new CopyOnWriteArrayList<>();
    folder.persistenceTestKit().withPolicy(new ProcessingPolicy<JournalOperation>() {
      @Override
      public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
        if (operation instanceof WriteEvents write) {
          writes.add(write.getBatch().size());
        }
        return ProcessingSuccess.getInstance();
      }
    });
    var result = batch(List.of(request("k1"), request("k2", "\\Seen"), request("k3")));
    long uidValidity = active().uidValidity();
    assertEquals(
        List.of(new AppendResult(2, uidValidity, false), new AppendResult(3, uidValidity, false),
            new AppendResult(4, uidValidity, false)),
        assertSuccess(result.reply()).results());
    assertEquals(List.of(3), writes);
    assertEquals(
        List.of(
            new MessageAppended(2, "blob-k1", 100, DATE, flags(), 3, "k1"),
            new MessageAppended(3, "blob-k2", 100, DATE, flags("\\Seen"), 4, "k2"),
            new MessageAppended(4, "blob-k3", 100, DATE, flags(), 5, "k3")),
        result.events());
    assertEquals(5, result.stateOfType(Active.class).uidNext());
  }

  @Test
  void batchDeduplicatesWithinItselfAndAgainstTheFolder() {
    create();
    appendOk("k1");
    var result = batch(List.of(request("k1"), request("k2"), request("k2")));
    long uidValidity = active().uidValidity();
    assertEquals(
        List.of(new AppendResult(1, uidValidity, true), new AppendResult(2, uidValidity, false),
            new AppendResult(2, uidValidity, true)),
        assertSuccess(result.reply()).results());
    assertEquals(1, result.events().size());
  }

  @Test
  void batchOfDuplicatesOnlyPersistsNothing() {
    create();
    appendOk("k1");
    var result = batch(List.of(request("k1")));
    assertTrue(assertSuccess(result.reply()).results().get(0).duplicate());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void batchWithOneInvalidRequestIsRejectedWhole() {
    create();
    var result = batch(List.of(request("k1"), new AppendRequest("k2", "b", -5, DATE, null)));
    assertRejected(result.reply(), INVALID, "request 1: size must not be negative");
    assertTrue(result.hasNoEvents());
  }

  @Test
  void batchLargerThanMaxIsRejected() {
    create();
    List<AppendRequest> requests = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      requests.add(request("k" + i));
    }
    var result = batch(requests);
    assertRejected(result.reply(), INVALID, "101 messages in one command; at most 100 allowed");
    assertTrue(result.hasNoEvents());
  }

  // ---- flags ----

  @Test
  void storeFlagsAddsRemovesAndReplacesWithModSeqBump() {
    create();
    appendOk("k1");
    appendOk("k2", "\\Seen");
    long modSeq = active().highestModSeq();

    var add = store(uids(1, 2), FlagMode.ADD, OptionalLong.empty(), "\\Flagged");
    assertEquals(
        new StoreResult(
            List.of(new MessageFlags(1, flags("\\Flagged"), modSeq + 1),
                new MessageFlags(2, flags("\\Flagged", "\\Seen"), modSeq + 1)),
            uids(), modSeq + 1),
        assertSuccess(add.reply()));
    assertEquals(new FlagsChanged(List.of(1L, 2L), FlagMode.ADD, flags("\\Flagged"), modSeq + 1),
        add.eventOfType(FlagsChanged.class));

    var remove = store(uids(2), FlagMode.REMOVE, OptionalLong.empty(), "\\seen");
    assertEquals(List.of(new MessageFlags(2, flags("\\Flagged"), modSeq + 2)),
        assertSuccess(remove.reply()).messages());
    assertEquals(2, status().unseen());

    var replace = store(uids(1, 2), FlagMode.REPLACE, OptionalLong.empty(), "\\Seen", "$Work");
    assertEquals(
        List.of(new MessageFlags(1, flags("$Work", "\\Seen"), modSeq + 3),
            new MessageFlags(2, flags("$Work", "\\Seen"), modSeq + 3)),
        assertSuccess(replace.reply()).messages());
    assertEquals(modSeq + 3, active().highestModSeq());
    assertEquals(0, status().unseen());
    assertEquals(modSeq + 3, active().messages().get(1).orElseThrow().modSeq());
  }

  @Test
  void storeThatChangesNothingPersistsNothingAndKeepsModSeqs() {
    create();
    appendOk("k1", "\\Seen");
    appendOk("k2");
    long modSeq = active().highestModSeq();
    var result = store(uids(1, 2), FlagMode.ADD, OptionalLong.empty(), "\\Seen");
    StoreResult answer = assertSuccess(result.reply());
    assertEquals(List.of(2L), result.eventOfType(FlagsChanged.class).uids());
    assertEquals(new MessageFlags(1, flags("\\Seen"), 2), answer.messages().get(0));
    var again = store(uids(1, 2), FlagMode.ADD, OptionalLong.empty(), "\\Seen");
    assertTrue(again.hasNoEvents());
    assertEquals(modSeq + 1, assertSuccess(again.reply()).highestModSeq());
  }

  @Test
  void unchangedSinceReportsNewerMessagesAsFailed() {
    create();
    appendOk("k1");
    appendOk("k2");
    appendOk("k3");
    long since = active().highestModSeq();
    store(uids(2), FlagMode.ADD, OptionalLong.empty(), "\\Answered");
    long afterFirst = active().highestModSeq();

    var result = store(uids(1, 2, 3), FlagMode.ADD, OptionalLong.of(since), "\\Seen");
    StoreResult answer = assertSuccess(result.reply());
    assertEquals(uids(2), answer.failed());
    assertEquals(
        List.of(new MessageFlags(1, flags("\\Seen"), afterFirst + 1),
            new MessageFlags(3, flags("\\Seen"), afterFirst + 1)),
        answer.messages());
    assertEquals(List.of(1L, 3L), result.eventOfType(FlagsChanged.class).uids());
    assertEquals(flags("\\Answered"), active().messages().get(2).orElseThrow().flags());
  }

  @Test
  void storeIgnoresUnknownUids() {
    create();
    appendOk("k1");
    var result = store(uids(1, 7), FlagMode.ADD, OptionalLong.empty(), "\\Seen");
    assertEquals(List.of(1L), result.eventOfType(FlagsChanged.class).uids());
    assertEquals(1, assertSuccess(result.reply()).messages().size());
  }

  @Test
  void storeRejectsInvalidFlag() {
    create();
    appendOk("k1");
    var result = store(uids(1), FlagMode.ADD, OptionalLong.empty(), "\\Recent");
    assertRejected(result.reply(), INVALID, "flag \\Recent is not a storable system flag");
    assertTrue(result.hasNoEvents());
  }

  // ---- expunge ----

  @Test
  void expungeRemovesOnlyDeletedMessages() {
    create();
    appendOk("k1", "\\Deleted");
    appendOk("k2");
    appendOk("k3", "\\Deleted", "\\Seen");
    long modSeq = active().highestModSeq();
    var result = expunge(Folder.Expunge::allDeleted);
    assertEquals(new Expunged(List.of(1L, 3L), modSeq + 1), assertSuccess(result.reply()));
    assertEquals(new MessagesExpunged(List.of(1L, 3L), modSeq + 1, 200, ExpungeCause.EXPUNGE),
        result.eventOfType(MessagesExpunged.class));
    assertEquals(List.of(2L),
        active().messages().toList().stream().map(MessageEntry::uid).toList());
    FolderStatus status = status();
    assertEquals(1, status.messages());
    assertEquals(1, status.unseen());
    assertEquals(100, status.totalSize());
  }

  @Test
  void expungeWithUidSet() {
    create();
    appendOk("k1", "\\Deleted");
    appendOk("k2", "\\Deleted");
    appendOk("k3");
    // UID EXPUNGE: only those of the set that are \Deleted
    var among = expunge(r -> Folder.Expunge.deletedAmong(uids(2, 3), r));
    assertEquals(List.of(2L), assertSuccess(among.reply()).uids());
    // the second half of a move: exactly these, whatever their flags
    var exactly = expunge(r -> Folder.Expunge.exactly(uids(3, 9), r));
    assertEquals(List.of(3L), assertSuccess(exactly.reply()).uids());
    assertEquals(List.of(1L),
        active().messages().toList().stream().map(MessageEntry::uid).toList());
  }

  @Test
  void expungeOfNothingPersistsNothing() {
    create();
    appendOk("k1");
    var result = expunge(Folder.Expunge::allDeleted);
    assertEquals(new Expunged(List.of(), active().highestModSeq()), assertSuccess(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void emptyUidSetNeverExpungesUndeletedMessages() {
    create();
    appendOk("k1");
    var result = expunge(r -> Folder.Expunge.exactly(uids(), r));
    assertEquals(List.of(), assertSuccess(result.reply()).uids());
    assertEquals(1, active().messages().size());
  }

  @Test
  void uidIsNeverReusedAfterExpunge() {
    create();
    appendOk("k1");
    appendOk("k2", "\\Deleted");
    expunge(Folder.Expunge::allDeleted);
    assertEquals(3, appendOk("k3"));
    folder.restart();
    assertEquals(4, appendOk("k4"));
  }

  // ---- copy out, fetch, status ----

  @Test
  void copyOutAnswersTheExistingEntries() {
    FolderStatus created = create();
    appendOk("k1", "\\Seen");
    appendOk("k2");
    var result = this.<CopiedMessages>run(r -> new Folder.CopyOut(uids(2, 1, 5), r));
    assertEquals(
        new CopiedMessages(created.uidValidity(), List.of(
            new MessageEntry(1, "blob-k1", 100, DATE, flags("\\Seen"), 2),
            new MessageEntry(2, "blob-k2", 100, DATE, flags(), 3))),
        assertSuccess(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void copyOutOfTooManyIsRejected() {
    create();
    SortedSet<Long> many = new TreeSet<>(LongStream.rangeClosed(1, 101).boxed().toList());
    var result = this.<CopiedMessages>run(r -> new Folder.CopyOut(many, r));
    assertRejected(result.reply(), INVALID, "101 messages in one command; at most 100 allowed");
  }

  @Test
  void fetchAnswersRangesAndListsInUidOrder() {
    create();
    for (int i = 1; i <= 4; i++) {
      appendOk("k" + i);
    }
    var result = this.<MessagePage>run(r -> new Folder.Fetch(
        List.of(UidRange.of(4), new UidRange(3, 1), UidRange.of(2), UidRange.of(9)), r));
    MessagePage page = assertSuccess(result.reply());
    assertEquals(List.of(1L, 2L, 3L, 4L), page.entries().stream().map(MessageEntry::uid).toList());
    assertEquals(OptionalLong.empty(), page.nextUid());
    assertTrue(result.hasNoEvents());
  }

  @Test
  void fetchIsCutAtMaxFetchAndSaysWhereToContinue() {
    create();
    for (int i = 1; i <= 7; i++) {
      appendOk("k" + i);
    }
    MessagePage first = assertSuccess(
        this.<MessagePage>run(r -> new Folder.Fetch(List.of(UidRange.from(1)), r)).reply());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), first.entries().stream().map(MessageEntry::uid).toList());
    assertEquals(OptionalLong.of(6), first.nextUid());
    MessagePage rest = assertSuccess(
        this.<MessagePage>run(r -> new Folder.Fetch(List.of(UidRange.from(6)), r)).reply());
    assertEquals(List.of(6L, 7L), rest.entries().stream().map(MessageEntry::uid).toList());
    assertEquals(OptionalLong.empty(), rest.nextUid());
  }

  @Test
  void statusCountsMessagesUnseenAndSize() {
    FolderStatus created = create();
    append(new AppendRequest("k1", "b1", 1000, DATE, flags("\\Seen")));
    append(new AppendRequest("k2", "b2", 250, DATE, null));
    append(new AppendRequest("k3", "b3", 50, DATE, flags("\\Deleted")));
    store(uids(2), FlagMode.ADD, OptionalLong.empty(), "\\Seen");
    assertEquals(
        new FolderStatus(ID, OWNER, "INBOX", created.uidValidity(), 4, 5, 3, 1, 1300), status());
    expunge(Folder.Expunge::allDeleted);
    assertEquals(
        new FolderStatus(ID, OWNER, "INBOX", created.uidValidity(), 4, 6, 2, 0, 1250), status());
  }

  // ---- delete ----

  @Test
  void deleteRemovesTheFolderAndRecreationGetsAHigherUidValidity() {
    FolderStatus created = create();
    appendOk("k1");
    var deleted = this.<Done>run(Folder.Delete::new);
    assertSuccess(deleted.reply());
    deleted.eventOfType(FolderDeleted.class);
    assertEquals(new Deleted(created.uidValidity()), deleted.state());
    FolderStatus again = create();
    assertTrue(again.uidValidity() > created.uidValidity());
    assertEquals(1, again.uidNext());
    assertEquals(0, again.messages());
  }

  // ---- recovery ----

  @Test
  void tenThousandAppendsInBatchesRecoverFromASnapshot() {
    create();
    for (int b = 0; b < 100; b++) {
      List<AppendRequest> requests = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = b * 100 + i;
        requests.add(new AppendRequest("key-" + n, "sha256-" + n, 1000 + n, DATE,
            n % 3 == 0 ? flags("\\Seen") : flags()));
      }
      assertEquals(100, assertSuccess(batch(requests).reply()).results().size());
    }
    store(uids(1, 2, 3), FlagMode.ADD, OptionalLong.empty(), "\\Deleted");
    expunge(Folder.Expunge::allDeleted);
    Active before = active();
    assertEquals(9_997, before.messages().size());

    List<Pair<SnapshotMeta, Object>> snapshots =
        folder.snapshotTestKit().orElseThrow().persistedInStorage("Folder|" + ID);
    long latest = snapshots.stream().mapToLong(p -> p.first().sequenceNr()).max().orElse(0);
    assertTrue(latest >= 9_800, () -> "latest snapshot at " + latest);

    Active after = (Active) folder.restart().state();
    assertEquals(before, after);
    assertEquals(before.status(), after.status());
    assertEquals(10_001, after.uidNext());
    assertEquals(KEYS_KEPT, after.appliedKeys().size());

    // stored compactly (FolderSnapshotTest covers the format)
    snapshots.forEach(p -> assertInstanceOf(FolderSnapshot.class, p.second()));
  }

  /** Snapshots saved before FolderSnapshot existed hold the plain Active state; they still load. */
  @Test
  void recoversFromAnOldPlainSnapshot() {
    create();
    appendOk("k1");
    appendOk("k2", "\\Seen");
    Active plain = active();
    // A different name proves the state came from this snapshot and not from a full replay.
    Active marked = new Active(plain.folderId(), plain.owner(), "FROM-SNAPSHOT",
        plain.uidValidity(), plain.uidNext(), plain.highestModSeq(), plain.unseen(),
        plain.totalSize(), plain.messages(), plain.appliedKeys());
    var snapshots = folder.snapshotTestKit().orElseThrow();
    snapshots.clearByPersistenceId("Folder|" + ID);
    snapshots.persistForRecovery("Folder|" + ID, List.of(Pair.create(SnapshotMeta.create(3), marked)));
    appendOk("k3");
    Active after = (Active) folder.restart().state();
    assertEquals("FROM-SNAPSHOT", after.name());
    assertEquals(3, after.messages().size());
    assertEquals(4, after.uidNext());
    assertEquals(2, after.unseen());
  }
}
