package io.mailcluster.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mailcluster.control.Rejection;
import io.mailcluster.entity.EventTags;
import io.mailcluster.entity.ReplyingEntity;
import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A mail folder (entity id: an opaque folder id, so a rename does not move its history):
 * UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and the message index (uid -> blob id, size, internal date,
 * flags, modseq). Bodies never live here: only the blob ids of bytes already in the blob store.
 *
 * <p>Lifecycle: {@link Absent} -Create-> {@link Active} -Delete-> {@link Deleted} -Create->
 * {@link Active} (with a higher UIDVALIDITY). Create is idempotent: on a live folder with the
 * same owner and name it answers the status and changes nothing (so a retried account creation
 * completes); with another owner or name it is CONFLICT. Every change bumps HIGHESTMODSEQ and gives each
 * changed message the new mod-sequence; uids strictly increase and are never reused.
 * {@link AppendBatch} persists all its appends as one atomic write: the group-commit primitive.
 */
public final class Folder
    extends ReplyingEntity<Folder.Command, Folder.Event, Folder.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Folder");

  /** The journal tags its events are spread over (read by the projections). */
  public static final EventTags TAGS = new EventTags("folder", 4);

  /** IMAP uids and UIDVALIDITY are 32-bit unsigned, non-zero. */
  static final long MAX_UID = 0xFFFF_FFFFL;

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  /** @param name for display only; the Account maps folder names to ids */
  public record Create(String owner, String name, ActorRef<StatusReply<FolderStatus>> replyTo)
      implements Command {}

  public record Append(AppendRequest request, ActorRef<StatusReply<AppendResult>> replyTo)
      implements Command {}

  /** All the appends in one atomic journal write; a request that is invalid rejects the batch. */
  public record AppendBatch(
      List<AppendRequest> requests, ActorRef<StatusReply<AppendBatchResult>> replyTo)
      implements Command {
    public AppendBatch {
      requests = List.copyOf(requests);
    }
  }

  /**
   * Changes the flags of the given uids (absent ones are ignored).
   *
   * @param unchangedSince CONDSTORE: messages whose mod-sequence is above it are left alone and
   *     reported as failed
   */
  public record StoreFlags(
      SortedSet<Long> uids,
      FlagMode mode,
      SortedSet<String> flags,
      OptionalLong unchangedSince,
      ActorRef<StatusReply<StoreResult>> replyTo)
      implements Command {
    public StoreFlags {
      uids = uidSet(uids);
      flags = Flags.frozen(flags);
      unchangedSince = unchangedSince == null ? OptionalLong.empty() : unchangedSince;
    }
  }

  /**
   * Removes messages. With no uids: every message flagged {@code \Deleted} (IMAP EXPUNGE). With
   * uids: those of them flagged {@code \Deleted} if {@code onlyDeleted} (UID EXPUNGE), else those
   * uids whatever their flags (the second half of a move).
   */
  public record Expunge(
      SortedSet<Long> uids, boolean onlyDeleted, ExpungeCause cause,
      ActorRef<StatusReply<Expunged>> replyTo)
      implements Command {
    public Expunge {
      uids = uidSet(uids);
      onlyDeleted = onlyDeleted || uids.isEmpty();
      cause = cause == null ? ExpungeCause.EXPUNGE : cause;
    }

    public static Expunge allDeleted(ActorRef<StatusReply<Expunged>> replyTo) {
      return new Expunge(null, true, ExpungeCause.EXPUNGE, replyTo);
    }

    public static Expunge deletedAmong(
        SortedSet<Long> uids, ActorRef<StatusReply<Expunged>> replyTo) {
      return new Expunge(uids, true, ExpungeCause.EXPUNGE, replyTo);
    }

    /** Exactly these uids, whatever their flags, for {@code cause}. */
    public static Expunge exactly(
        SortedSet<Long> uids, ExpungeCause cause, ActorRef<StatusReply<Expunged>> replyTo) {
      return new Expunge(uids, false, cause, replyTo);
    }

    public static Expunge exactly(SortedSet<Long> uids, ActorRef<StatusReply<Expunged>> replyTo) {
      return exactly(uids, ExpungeCause.EXPUNGE, replyTo);
    }
  }

  /** Reads the entries of the given uids, to append them elsewhere (copy and move). */
  public record CopyOut(SortedSet<Long> uids, ActorRef<StatusReply<CopiedMessages>> replyTo)
      implements Command {
    public CopyOut {
      uids = uidSet(uids);
    }
  }

  public record Status(ActorRef<StatusReply<FolderStatus>> replyTo) implements Command {}

  /** Reads the entries in the given uid ranges, at most {@code max-fetch} per reply. */
  public record Fetch(List<UidRange> ranges, ActorRef<StatusReply<MessagePage>> replyTo)
      implements Command {
    public Fetch {
      ranges = List.copyOf(ranges);
    }
  }

  /**
   * What changed since {@code sinceModSeq} for a client that knows the uids below {@code
   * knownUidNext} (CONDSTORE / QRESYNC resynchronisation); see {@link FolderChanges}.
   */
  public record Changes(
      long sinceModSeq, long knownUidNext, ActorRef<StatusReply<FolderChanges>> replyTo)
      implements Command {}

  /** The folder's uids from {@code fromUid}, as runs, at most {@code max-uid-runs} per reply. */
  public record Uids(long fromUid, ActorRef<StatusReply<UidList>> replyTo) implements Command {}

  /**
   * Sets the folder's display name, after the account renamed it. Idempotent; CONFLICT if the
   * folder belongs to another owner.
   */
  public record Rename(String owner, String name, ActorRef<StatusReply<FolderStatus>> replyTo)
      implements Command {}

  /**
   * Reads the folder's whole state, a page at a time from {@code fromUid} (1: the first page, with
   * the counters), with the journal sequence number it is at; answered in every state. For audits
   * that compare the live entity with its journal; see {@link FolderDescription}.
   */
  public record Describe(long fromUid, ActorRef<StatusReply<FolderDescription>> replyTo)
      implements Command {}

  /** Removes the folder; its events stay in the journal. */
  public record Delete(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  // ---- events (they live forever: add fields only with defaults, never change meanings) ----

  public sealed interface Event extends CborSerializable {}

  public record FolderCreated(String owner, String name, long uidValidity, Instant createdAt)
      implements Event {}

  public record MessageAppended(
      long uid,
      String blobId,
      long size,
      Instant internalDate,
      SortedSet<String> flags,
      long modSeq,
      String idempotencyKey)
      implements Event {
    public MessageAppended {
      flags = Flags.frozen(flags);
    }
  }

  /**
   * The flags of {@code uids} (only those that actually changed) were combined with {@code flags}
   * by {@code mode}; each of them now has mod-sequence {@code modSeq}.
   */
  public record FlagsChanged(
      List<Long> uids, FlagMode mode, SortedSet<String> flags, long modSeq) implements Event {
    public FlagsChanged {
      uids = List.copyOf(uids);
      flags = Flags.frozen(flags);
    }
  }

  /**
   * @param freedBytes the expunged messages' octets, so the usage read model needs no index of
   *     its own; 0 in events written before the field existed
   * @param cause why they went (the audit tells a POP3 deletion from a move); null in events
   *     written before the field existed
   */
  public record MessagesExpunged(
      List<Long> uids, long modSeq, long freedBytes, ExpungeCause cause) implements Event {
    public MessagesExpunged {
      uids = List.copyOf(uids);
    }

    /** As the first journal format wrote it (no freed size, no cause). */
    public MessagesExpunged(List<Long> uids, long modSeq) {
      this(uids, modSeq, 0, null);
    }
  }

  public record FolderDeleted(Instant deletedAt) implements Event {}

  /** The account renamed the folder; {@code name} is its new display name. */
  public record FolderRenamed(String name) implements Event {}

  // ---- state ----

  public sealed interface State extends CborSerializable {}

  /** Never created. */
  public record Absent() implements State {}

  /** Deleted; remembers its last UIDVALIDITY so a re-created folder gets a higher one. */
  public record Deleted(long uidValidity) implements State {}

  /**
   * A live folder.
   *
   * @param unseen messages without {@code \Seen}
   * @param totalSize sum of the messages' sizes
   * @param appliedKeys the most recent idempotency keys and the uids they produced
   * @param changes recent changes (transient: never serialized, and equal to any other log; see
   *     {@link ChangeLog})
   */
  public record Active(
      String folderId,
      String owner,
      String name,
      long uidValidity,
      long uidNext,
      long highestModSeq,
      long unseen,
      long totalSize,
      MessageIndex messages,
      AppliedKeys appliedKeys,
      @JsonIgnore ChangeLog changes)
      implements State {

    public Active {
      changes = changes == null ? ChangeLog.coveringFrom(highestModSeq) : changes;
    }

    /**
     * A state as stored (plain snapshots, serialization): its change log starts empty and covers
     * from its HIGHESTMODSEQ.
     */
    @JsonCreator
    public Active(
        String folderId,
        String owner,
        String name,
        long uidValidity,
        long uidNext,
        long highestModSeq,
        long unseen,
        long totalSize,
        MessageIndex messages,
        AppliedKeys appliedKeys) {
      this(folderId, owner, name, uidValidity, uidNext, highestModSeq, unseen, totalSize,
          messages, appliedKeys, null);
    }

    static Active created(String folderId, FolderCreated e) {
      return new Active(folderId, e.owner(), e.name(), e.uidValidity(), 1, 1, 0, 0,
          MessageIndex.empty(), AppliedKeys.empty(), ChangeLog.coveringFrom(0));
    }

    /** This state with {@code event} (just applied) in its change log. */
    Active recorded(Event event, int changeLogSize) {
      return new Active(folderId, owner, name, uidValidity, uidNext, highestModSeq, unseen,
          totalSize, messages, appliedKeys, changes.record(event, changeLogSize));
    }

    Active renamed(String newName) {
      return new Active(folderId, owner, newName, uidValidity, uidNext, highestModSeq, unseen,
          totalSize, messages, appliedKeys, changes);
    }

    Active appended(MessageAppended e, int keysKept) {
      MessageEntry entry = new MessageEntry(
          e.uid(), e.blobId(), e.size(), e.internalDate(), e.flags(), e.modSeq());
      return new Active(folderId, owner, name, uidValidity, e.uid() + 1, e.modSeq(),
          unseen + (entry.isSeen() ? 0 : 1), totalSize + e.size(), messages.with(entry),
          appliedKeys.with(e.idempotencyKey(), e.uid(), keysKept), changes);
    }

    Active flagsChanged(FlagsChanged e) {
      MessageIndex index = messages;
      long unseenNow = unseen;
      for (long uid : e.uids()) {
        MessageEntry before = index.get(uid).orElseThrow(() -> missing(uid));
        MessageEntry after = before.withFlags(e.mode().apply(before.flags(), e.flags()), e.modSeq());
        unseenNow += (before.isSeen() ? 0 : -1) + (after.isSeen() ? 0 : 1);
        index = index.with(after);
      }
      return new Active(folderId, owner, name, uidValidity, uidNext, e.modSeq(), unseenNow,
          totalSize, index, appliedKeys, changes);
    }

    Active expunged(MessagesExpunged e) {
      MessageIndex index = messages;
      long unseenNow = unseen;
      long sizeNow = totalSize;
      for (long uid : e.uids()) {
        MessageEntry gone = index.get(uid).orElseThrow(() -> missing(uid));
        unseenNow -= gone.isSeen() ? 0 : 1;
        sizeNow -= gone.size();
        index = index.without(uid);
      }
      return new Active(folderId, owner, name, uidValidity, uidNext, e.modSeq(), unseenNow,
          sizeNow, index, appliedKeys, changes);
    }

    FolderStatus status() {
      return new FolderStatus(folderId, owner, name, uidValidity, uidNext, highestModSeq,
          messages.size(), unseen, totalSize);
    }

    private IllegalStateException missing(long uid) {
      return new IllegalStateException("folder " + folderId + " has no uid " + uid);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, context -> create(context.getEntityId())));
  }

  public static Behavior<Command> create(String folderId) {
    return Behaviors.setup(context -> new Folder(folderId,
        FolderSettings.of(context.getSystem()),
        FolderNotifications.publisher(context.getSystem()), context));
  }

  /**
   * This entity's own event handler, for rebuilding a folder's state from its journal outside the
   * entity (the audit's verify): the same rules, not a second copy of them. Use the settings the
   * nodes run with: they bound the remembered idempotency keys.
   */
  public static EventHandler<State, Event> eventHandlerFor(String folderId, FolderSettings settings) {
    return new Folder(folderId, settings, changed -> {}, null).eventHandler();
  }

  private final String folderId;
  private final FolderSettings settings;
  private final Consumer<FolderChanged> publish;
  /** For the sequence number Describe reports; null in an instance used only to replay events. */
  private final ActorContext<Command> context;

  private Folder(String folderId, FolderSettings settings, Consumer<FolderChanged> publish,
      ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), folderId), TAGS.of(folderId), settings.lifecycle());
    this.folderId = folderId;
    this.settings = settings;
    this.publish = publish;
    this.context = context;
  }

  @Override
  public State emptyState() {
    return new Absent();
  }

  /** Snapshots are stored compactly (and old ones still load): see {@link FolderSnapshot}. */
  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return FolderSnapshot.ADAPTER;
  }

  // ---- command handlers ----

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder =
        newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Absent.class)
        .onCommand(Create.class, c -> createFolder(0, c));
    builder
        .forStateType(Deleted.class)
        .onCommand(Create.class, (s, c) -> createFolder(s.uidValidity(), c));
    builder
        .forStateType(Active.class)
        .onCommand(Create.class, this::createExisting)
        .onCommand(Append.class, this::append)
        .onCommand(AppendBatch.class, this::appendBatch)
        .onCommand(StoreFlags.class, this::storeFlags)
        .onCommand(Expunge.class, this::expunge)
        .onCommand(CopyOut.class, this::copyOut)
        .onCommand(Status.class, (s, c) -> reply(c.replyTo(), s.status()))
        .onCommand(Fetch.class, (s, c) ->
            reply(c.replyTo(), s.messages().page(c.ranges(), settings.maxFetch())))
        .onCommand(Changes.class, (s, c) -> reply(c.replyTo(), ChangeQuery.changes(s,
            c.sinceModSeq(), c.knownUidNext(), settings.maxFetch(), settings.maxUidRuns())))
        .onCommand(Uids.class, (s, c) ->
            reply(c.replyTo(), ChangeQuery.uids(s.messages(), c.fromUid(), settings.maxUidRuns())))
        .onCommand(Rename.class, this::rename)
        .onCommand(Delete.class, c -> Effect().persist(new FolderDeleted(Instant.now()))
            .thenReply(c.replyTo(), s -> StatusReply.ack()));
    builder
        .forAnyState()
        .onCommand(Describe.class, this::describe)
        .onCommand(Append.class, c -> reject(c.replyTo(), absent()))
        .onCommand(AppendBatch.class, c -> reject(c.replyTo(), absent()))
        .onCommand(StoreFlags.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Expunge.class, c -> reject(c.replyTo(), absent()))
        .onCommand(CopyOut.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Status.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Fetch.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Changes.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Uids.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Rename.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Delete.class, c -> reject(c.replyTo(), absent()));
    return builder.build();
  }

  private ReplyEffect<Event, State> createFolder(long previousUidValidity, Create command) {
    if (command.owner() == null || command.owner().isBlank()) {
      return reject(command.replyTo(), Rejection.invalid("owner must not be empty"));
    }
    if (command.name() == null || command.name().isBlank()) {
      return reject(command.replyTo(), Rejection.invalid("name must not be empty"));
    }
    Instant now = Instant.now();
    // UIDVALIDITY: creation time in seconds (fits 32 bits until 2106), above any earlier one.
    long uidValidity = Math.max(now.getEpochSecond(), previousUidValidity + 1);
    FolderCreated event = new FolderCreated(command.owner(), command.name(), uidValidity, now);
    return Effect().persist(event).thenRun(this::published)
        .thenReply(command.replyTo(), s -> StatusReply.success(((Active) s).status()));
  }

  /**
   * Create of a live folder: a retry of the create that made it (same owner and name) is answered
   * as done, with the folder's status; anything else is CONFLICT.
   */
  private ReplyEffect<Event, State> createExisting(Active state, Create command) {
    if (state.owner().equals(command.owner()) && state.name().equals(command.name())) {
      return reply(command.replyTo(), state.status());
    }
    return reject(command.replyTo(), Rejection.conflict(exists()));
  }

  private ReplyEffect<Event, State> append(Active state, Append command) {
    return planAppends(state, List.of(command.request()), false, command.replyTo(),
        results -> results.get(0));
  }

  private ReplyEffect<Event, State> appendBatch(Active state, AppendBatch command) {
    if (command.requests().size() > settings.maxBatchSize()) {
      return reject(command.replyTo(), tooMany(command.requests().size()));
    }
    return planAppends(state, command.requests(), true, command.replyTo(),
        AppendBatchResult::new);
  }

  /** Validates and plans the appends; all of them are persisted in one write, or none. */
  private <T> ReplyEffect<Event, State> planAppends(Active state, List<AppendRequest> requests,
      boolean batch, ActorRef<StatusReply<T>> replyTo, Function<List<AppendResult>, T> answer) {
    for (int i = 0; i < requests.size(); i++) {
      String problem = requests.get(i)
          .problem(settings.maxIdempotencyKeyLength(), settings.maxBlobIdLength());
      if (problem != null) {
        return reject(replyTo, Rejection.invalid((batch ? "request " + i + ": " : "") + problem));
      }
    }
    AppendPlan plan = new AppendPlan(state, settings.maxMessages());
    List<AppendResult> results = new ArrayList<>(requests.size());
    for (AppendRequest request : requests) {
      AppendResult result = plan.add(request);
      if (result == null) {
        return reject(replyTo, plan.refusal());
      }
      results.add(result);
    }
    T reply = answer.apply(results);
    if (plan.events().isEmpty()) {
      return reply(replyTo, reply);
    }
    return Effect().persist(plan.events()).thenRun(this::published)
        .thenReply(replyTo, s -> StatusReply.success(reply));
  }

  private ReplyEffect<Event, State> storeFlags(Active state, StoreFlags command) {
    String problem = command.mode() == null ? "mode is required" : Flags.problem(command.flags());
    if (problem != null) {
      return reject(command.replyTo(), Rejection.invalid(problem));
    }
    SortedSet<String> flags = Flags.canonical(command.flags());
    TreeSet<Long> failed = new TreeSet<>();
    List<Long> changed = state.messages().flagChanges(
        command.uids(), command.mode(), flags, command.unchangedSince(), failed);
    if (changed.isEmpty()) {
      return reply(command.replyTo(), storeResult(state, command.uids(), failed));
    }
    FlagsChanged event =
        new FlagsChanged(changed, command.mode(), flags, state.highestModSeq() + 1);
    return Effect().persist(event).thenRun(this::published).thenReply(command.replyTo(),
        s -> StatusReply.success(storeResult((Active) s, command.uids(), failed)));
  }

  private static StoreResult storeResult(Active state, SortedSet<Long> uids, SortedSet<Long> failed) {
    return new StoreResult(state.messages().flagsOf(uids, failed), failed, state.highestModSeq());
  }

  private ReplyEffect<Event, State> expunge(Active state, Expunge command) {
    List<Long> gone = state.messages().expungeable(command.uids(), command.onlyDeleted());
    if (gone.isEmpty()) {
      return reply(command.replyTo(), new Expunged(gone, state.highestModSeq()));
    }
    MessagesExpunged event = new MessagesExpunged(
        gone, state.highestModSeq() + 1, state.messages().sizeOf(gone), command.cause());
    return Effect().persist(event).thenRun(this::published).thenReply(command.replyTo(),
        s -> StatusReply.success(new Expunged(gone, ((Active) s).highestModSeq())));
  }

  private ReplyEffect<Event, State> rename(Active state, Rename command) {
    if (command.name() == null || command.name().isBlank()) {
      return reject(command.replyTo(), Rejection.invalid("name must not be empty"));
    }
    if (!state.owner().equals(command.owner())) {
      return reject(command.replyTo(), Rejection.conflict(exists()));
    }
    if (state.name().equals(command.name())) {
      return reply(command.replyTo(), state.status());
    }
    return Effect().persist(new FolderRenamed(command.name()))
        .thenReply(command.replyTo(), s -> StatusReply.success(((Active) s).status()));
  }

  /** Tells the cluster (after the write is durable) that the folder changed. */
  private void published(State state) {
    if (state instanceof Active active) {
      publish.accept(new FolderChanged(folderId, active.highestModSeq(), active.uidNext(),
          active.messages().size()));
    }
  }

  private ReplyEffect<Event, State> describe(State state, Describe command) {
    return reply(command.replyTo(), FolderDescription.of(state, lastSequenceNumber(context),
        command.fromUid(), settings.maxFetch(), settings.describePageBytes()));
  }

  private ReplyEffect<Event, State> copyOut(Active state, CopyOut command) {
    if (command.uids().size() > settings.maxBatchSize()) {
      return reject(command.replyTo(), tooMany(command.uids().size()));
    }
    List<MessageEntry> entries = new ArrayList<>();
    for (long uid : command.uids()) {
      state.messages().get(uid).ifPresent(entries::add);
    }
    return reply(command.replyTo(), new CopiedMessages(state.uidValidity(), entries));
  }

  private Rejection absent() {
    return Rejection.notFound("folder " + folderId + " does not exist");
  }

  private String exists() {
    return "folder " + folderId + " already exists";
  }

  private Rejection tooMany(int count) {
    return Rejection.invalid(
        count + " messages in one command; at most " + settings.maxBatchSize() + " allowed");
  }

  private static SortedSet<Long> uidSet(SortedSet<Long> uids) {
    return Collections.unmodifiableSortedSet(uids == null ? new TreeSet<>() : new TreeSet<>(uids));
  }

  // ---- event handlers ----

  @Override
  public EventHandler<State, Event> eventHandler() {
    EventHandlerBuilder<State, Event> builder = newEventHandlerBuilder();
    builder
        .forStateType(Absent.class)
        .onEvent(FolderCreated.class, (s, e) -> Active.created(folderId, e));
    builder
        .forStateType(Deleted.class)
        .onEvent(FolderCreated.class, (s, e) -> Active.created(folderId, e));
    builder
        .forStateType(Active.class)
        .onEvent(MessageAppended.class, (s, e) ->
            s.appended(e, settings.idempotencyKeys()).recorded(e, settings.changeLogSize()))
        .onEvent(FlagsChanged.class, (s, e) ->
            s.flagsChanged(e).recorded(e, settings.changeLogSize()))
        .onEvent(MessagesExpunged.class, (s, e) ->
            s.expunged(e).recorded(e, settings.changeLogSize()))
        .onEvent(FolderRenamed.class, (s, e) -> s.renamed(e.name()))
        .onEvent(FolderDeleted.class, (s, e) -> new Deleted(s.uidValidity()));
    return builder.build();
  }
}
