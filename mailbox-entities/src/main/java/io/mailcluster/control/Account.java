package io.mailcluster.control;

import io.mailcluster.entity.EventTags;
import io.mailcluster.entity.EntitySettings;
import io.mailcluster.entity.ReplyingEntity;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * A mail account (entity id: the canonical address): password hash, quota and the aliases that
 * point at it. Every record that carries the password hash redacts it in {@code toString}.
 *
 * <p>Lifecycle: {@link Absent} -Create-> {@link Active} -Close-> {@link Closing} -Remove->
 * {@link Absent}. Closing is the first step of {@link ControlData#removeAccount}: it drops the
 * password hash and freezes the account while its aliases and its reservation are taken out of
 * the domains, so nothing can attach to it meanwhile.
 *
 * <p>The account keeps its folder tree: name -> {@link FolderRef} (opaque folder id, special use,
 * subscription). Create records the default tree ({@link FolderRef#DEFAULTS}: INBOX, Sent,
 * Drafts, Trash, Junk, Archive, each with a fresh random folder id) as {@link FolderAdded} events
 * persisted atomically with {@link AccountCreated}. An account from a journal written before
 * folder trees existed (AccountCreated without FolderAdded) has an empty tree until {@link
 * EnsureFolders} adds the missing defaults. The tree survives into {@link Closing}, where {@link
 * FoldersToDelete} answers it so the removal can delete the Folder entities; GetFolders and
 * EnsureFolders answer CONFLICT there like Get. A closing account answers CONFLICT "account
 * ... is being removed" to every command except Close (idempotent: answers the aliases left to
 * clean up), DetachAlias (alias removals go on) and Remove (completes the removal). That includes
 * Get (its domain still lists it, so NOT_FOUND would be untrue; the CONFLICT says a removal is
 * under way and a retried removal finishes it) and GetCredentials (it cannot log in). Remove of an
 * active account is CONFLICT too: closing first is what keeps aliases from being left behind.
 *
 * <p>Logins: {@link RecordLogin} persists {@link LoginSucceeded} or {@link LoginFailed} (protocol,
 * client address, time) for the audit trail. Only an active account takes them; they change no
 * state. An absent account answers NOT_FOUND and a closing one CONFLICT, like other changes.
 */
public final class Account
    extends ReplyingEntity<Account.Command, Account.Event, Account.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Account");

  /** The journal tags its events are spread over (read by the projections). */
  public static final EventTags TAGS = new EventTags("account", 4);

  private static final String REDACTED = "<redacted>";

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  /** @param quotaBytes 0 means unlimited */
  public record Create(String passwordHash, long quotaBytes, ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "Create[passwordHash=" + REDACTED + ", quotaBytes=" + quotaBytes
          + ", replyTo=" + replyTo + "]";
    }
  }

  /** Starts the removal; answers the aliases still pointing at the account. */
  public record Close(ActorRef<StatusReply<AccountClosure>> replyTo) implements Command {}

  /** Completes the removal of a closing account. */
  public record Remove(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record ChangePassword(String passwordHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "ChangePassword[passwordHash=" + REDACTED + ", replyTo=" + replyTo + "]";
    }
  }

  /** @param quotaBytes 0 means unlimited */
  public record SetQuota(long quotaBytes, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record AttachAlias(String aliasAddress, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record DetachAlias(String aliasAddress, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<AccountSummary>> replyTo) implements Command {}

  public record GetCredentials(ActorRef<StatusReply<Credentials>> replyTo) implements Command {}

  /** Answers the folder tree of an active account. */
  public record GetFolders(ActorRef<StatusReply<FolderTree>> replyTo) implements Command {}

  /**
   * Adds each default folder ({@link FolderRef#DEFAULTS}) the tree lacks, by name, then answers the
   * tree. Idempotent; repairs accounts created before folder trees existed.
   */
  public record EnsureFolders(ActorRef<StatusReply<FolderTree>> replyTo) implements Command {}

  /** Answers the folder tree of a closing account: the folders its removal must delete. */
  public record FoldersToDelete(ActorRef<StatusReply<FolderTree>> replyTo) implements Command {}

  /**
   * Adds a folder (IMAP CREATE) and its missing parents, each with a fresh folder id; answers the
   * tree. See {@link FolderNames} for valid names; CONFLICT if the name exists.
   *
   * @param specialUse null or one of FolderRef's special uses
   */
  public record CreateFolder(
      String name, String specialUse, ActorRef<StatusReply<FolderTree>> replyTo)
      implements Command {}

  /**
   * Removes a folder from the tree (IMAP DELETE); answers the tree. NOT_FOUND if unknown (or, with
   * a {@code folderId}, if the name now stands for another folder); INVALID for INBOX; CONFLICT if
   * it has children.
   *
   * @param folderId null, or the id of the folder the caller means to remove
   */
  public record DeleteFolder(
      String name, String folderId, ActorRef<StatusReply<FolderTree>> replyTo)
      implements Command {}

  /**
   * Renames a folder and those under it (IMAP RENAME), keeping their folder ids; answers the tree.
   * Renaming INBOX moves its folder to the new name and gives INBOX a new one.
   */
  public record RenameFolder(String from, String to, ActorRef<StatusReply<FolderTree>> replyTo)
      implements Command {}

  /**
   * Subscribes or unsubscribes an existing folder (IMAP SUBSCRIBE/UNSUBSCRIBE); NOT_FOUND for a
   * name the tree does not have (subscriptions to absent names are not kept).
   */
  public record SetSubscribed(
      String name, boolean subscribed, ActorRef<StatusReply<FolderTree>> replyTo)
      implements Command {}

  /**
   * Records a password login to an active account, for the audit (see {@link AccountLogins}):
   * {@link LoginSucceeded} or {@link LoginFailed}. Changes nothing else. INVALID for a protocol
   * or client address that is empty or too long.
   *
   * @param protocol e.g. "imap", "pop3"
   * @param clientAddress the client's IP address as text (behind a balancer, from its PROXY header)
   */
  public record RecordLogin(String protocol, String clientAddress, boolean succeeded,
      ActorRef<StatusReply<Done>> replyTo) implements Command {}

  // ---- events ----

  public sealed interface Event extends CborSerializable {}

  public record AccountCreated(String passwordHash, long quotaBytes, Instant createdAt)
      implements Event {
    @Override
    public String toString() {
      return "AccountCreated[passwordHash=" + REDACTED + ", quotaBytes=" + quotaBytes
          + ", createdAt=" + createdAt + "]";
    }
  }

  public record PasswordChanged(String passwordHash, Instant changedAt) implements Event {
    @Override
    public String toString() {
      return "PasswordChanged[passwordHash=" + REDACTED + ", changedAt=" + changedAt + "]";
    }
  }

  public record QuotaChanged(long quotaBytes) implements Event {}

  public record AliasAttached(String aliasAddress) implements Event {}

  public record AliasDetached(String aliasAddress) implements Event {}

  /**
   * A folder joined the tree. Persisted with {@link AccountCreated} (the default tree) or by
   * {@link EnsureFolders}.
   *
   * @param specialUse null or a SPECIAL-USE attribute such as {@code \Sent}
   */
  public record FolderAdded(String name, String folderId, String specialUse, boolean subscribed)
      implements Event {}

  /** A folder left the tree (deleted, or renamed: then a FolderAdded with its id follows). */
  public record FolderRemoved(String name, String folderId) implements Event {}

  public record FolderSubscriptionChanged(String name, boolean subscribed) implements Event {}

  /** The account stopped taking logins, changes and aliases: its removal has begun. */
  public record AccountClosed(Instant closedAt) implements Event {}

  /**
   * The removal is complete. Follows {@link AccountClosed}; in journals written before accounts
   * were closed first, it follows the active account directly.
   */
  public record AccountRemoved() implements Event {}

  /** A password login to the account succeeded; only the audit reads it (no state changes). */
  public record LoginSucceeded(String protocol, String clientAddress, Instant at)
      implements Event {}

  /** A password login to the account was refused; only the audit reads it. */
  public record LoginFailed(String protocol, String clientAddress, Instant at) implements Event {}

  // ---- state ----

  public sealed interface State extends CborSerializable {}

  /** Never created, or removed (and so free to be created again). */
  public record Absent() implements State {}

  /**
   * @param folders the folder tree by name; empty in snapshots and journals from before folder
   *     trees existed
   */
  public record Active(
      String passwordHash,
      long quotaBytes,
      SortedSet<String> aliases,
      Instant createdAt,
      Instant passwordChangedAt,
      SortedMap<String, FolderRef> folders)
      implements State {

    public Active {
      aliases = Collections.unmodifiableSortedSet(new TreeSet<>(aliases));
      folders = frozen(folders);
    }

    /** An account with no folder tree (as replayed from journals written before trees). */
    public Active(
        String passwordHash,
        long quotaBytes,
        SortedSet<String> aliases,
        Instant createdAt,
        Instant passwordChangedAt) {
      this(passwordHash, quotaBytes, aliases, createdAt, passwordChangedAt, null);
    }

    static Active created(AccountCreated e) {
      Instant at = e.createdAt();
      return new Active(e.passwordHash(), e.quotaBytes(), new TreeSet<>(), at, at);
    }

    Active withPassword(String hash, Instant changedAt) {
      return new Active(hash, quotaBytes, aliases, createdAt, changedAt, folders);
    }

    Active withQuota(long bytes) {
      return new Active(passwordHash, bytes, aliases, createdAt, passwordChangedAt, folders);
    }

    Active withAlias(String alias) {
      TreeSet<String> copy = new TreeSet<>(aliases);
      copy.add(alias);
      return new Active(passwordHash, quotaBytes, copy, createdAt, passwordChangedAt, folders);
    }

    Active withoutAlias(String alias) {
      TreeSet<String> copy = new TreeSet<>(aliases);
      copy.remove(alias);
      return new Active(passwordHash, quotaBytes, copy, createdAt, passwordChangedAt, folders);
    }

    Active withFolder(FolderAdded e) {
      TreeMap<String, FolderRef> copy = new TreeMap<>(folders);
      copy.put(e.name(), new FolderRef(e.name(), e.folderId(), e.specialUse(), e.subscribed()));
      return new Active(passwordHash, quotaBytes, aliases, createdAt, passwordChangedAt, copy);
    }

    Active withoutFolder(String name) {
      TreeMap<String, FolderRef> copy = new TreeMap<>(folders);
      copy.remove(name);
      return new Active(passwordHash, quotaBytes, aliases, createdAt, passwordChangedAt, copy);
    }

    Active withSubscription(String name, boolean subscribed) {
      TreeMap<String, FolderRef> copy = new TreeMap<>(folders);
      FolderRef ref = copy.get(name);
      copy.put(name, new FolderRef(name, ref.folderId(), ref.specialUse(), subscribed));
      return new Active(passwordHash, quotaBytes, aliases, createdAt, passwordChangedAt, copy);
    }

    Closing closing() {
      return new Closing(aliases, folders);
    }

    @Override
    public String toString() {
      return "Active[passwordHash=" + REDACTED + ", quotaBytes=" + quotaBytes
          + ", aliases=" + aliases + ", createdAt=" + createdAt
          + ", passwordChangedAt=" + passwordChangedAt + ", folders=" + folders + "]";
    }
  }

  /**
   * Being removed: no password hash any more, only the aliases that still point here and the
   * folder tree whose Folder entities the removal deletes.
   */
  public record Closing(SortedSet<String> aliases, SortedMap<String, FolderRef> folders)
      implements State {

    public Closing {
      aliases = Collections.unmodifiableSortedSet(new TreeSet<>(aliases));
      folders = frozen(folders);
    }

    /** A closing account with no folder tree. */
    public Closing(SortedSet<String> aliases) {
      this(aliases, null);
    }

    Closing withoutAlias(String alias) {
      TreeSet<String> copy = new TreeSet<>(aliases);
      copy.remove(alias);
      return new Closing(copy, folders);
    }
  }

  /** An unmodifiable sorted copy; null (state written before folder trees) is empty. */
  private static SortedMap<String, FolderRef> frozen(SortedMap<String, FolderRef> folders) {
    return Collections.unmodifiableSortedMap(
        folders == null ? new TreeMap<>() : new TreeMap<>(folders));
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, context -> create(context.getEntityId())));
  }

  public static Behavior<Command> create(String entityId) {
    return Behaviors.setup(context -> new Account(entityId,
        EntitySettings.of(context.getSystem()), AccountSettings.of(context.getSystem())));
  }

  /**
   * This entity's own event handler, for rebuilding an account's state from its journal outside
   * the entity (the audit's verify): the same rules, not a second copy of them.
   */
  public static EventHandler<State, Event> eventHandlerFor(
      String address, EntitySettings settings, AccountSettings limits) {
    return new Account(address, settings, limits).eventHandler();
  }

  private final String address;
  private final AccountSettings limits;

  private Account(String address, EntitySettings settings, AccountSettings limits) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), address), TAGS.of(address), settings);
    this.address = address;
    this.limits = limits;
  }

  @Override
  public State emptyState() {
    return new Absent();
  }

  // ---- command handlers ----

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder =
        newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Absent.class)
        .onCommand(Create.class, this::createAccount)
        .onCommand(Close.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Remove.class, c -> reject(c.replyTo(), absent()))
        .onCommand(ChangePassword.class, c -> reject(c.replyTo(), absent()))
        .onCommand(SetQuota.class, c -> reject(c.replyTo(), absent()))
        .onCommand(AttachAlias.class, c -> reject(c.replyTo(), absent()))
        .onCommand(DetachAlias.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Get.class, c -> reject(c.replyTo(), absent()))
        .onCommand(GetCredentials.class, c -> reject(c.replyTo(), absent()))
        .onCommand(GetFolders.class, c -> reject(c.replyTo(), absent()))
        .onCommand(EnsureFolders.class, c -> reject(c.replyTo(), absent()))
        .onCommand(FoldersToDelete.class, c -> reject(c.replyTo(), absent()))
        .onCommand(CreateFolder.class, c -> reject(c.replyTo(), absent()))
        .onCommand(DeleteFolder.class, c -> reject(c.replyTo(), absent()))
        .onCommand(RenameFolder.class, c -> reject(c.replyTo(), absent()))
        .onCommand(SetSubscribed.class, c -> reject(c.replyTo(), absent()))
        .onCommand(RecordLogin.class, c -> reject(c.replyTo(), absent()));
    builder
        .forStateType(Active.class)
        .onCommand(Create.class, c -> reject(c.replyTo(), Rejection.conflict(exists())))
        .onCommand(Close.class, (s, c) ->
            persist(new AccountClosed(Instant.now()), c.replyTo(), closure(s.aliases())))
        .onCommand(Remove.class, c -> reject(c.replyTo(), notClosed()))
        .onCommand(ChangePassword.class, this::changePassword)
        .onCommand(SetQuota.class, this::setQuota)
        .onCommand(AttachAlias.class, this::attachAlias)
        .onCommand(DetachAlias.class, (s, c) -> detachAlias(s.aliases(), c))
        .onCommand(Get.class, (s, c) -> reply(c.replyTo(), summary(s)))
        .onCommand(GetCredentials.class, (s, c) -> reply(c.replyTo(), credentials(s)))
        .onCommand(GetFolders.class, (s, c) -> reply(c.replyTo(), tree(s.folders())))
        .onCommand(EnsureFolders.class, this::ensureFolders)
        .onCommand(FoldersToDelete.class, c -> reject(c.replyTo(), notClosed()))
        .onCommand(CreateFolder.class, (s, c) -> editFolders(s, c.replyTo(),
            f -> FolderTreeEdits.create(f, c.name(), c.specialUse(), limits)))
        .onCommand(DeleteFolder.class, (s, c) -> editFolders(s, c.replyTo(),
            f -> FolderTreeEdits.delete(f, c.name(), c.folderId())))
        .onCommand(RenameFolder.class, (s, c) -> editFolders(s, c.replyTo(),
            f -> FolderTreeEdits.rename(f, c.from(), c.to(), limits)))
        .onCommand(SetSubscribed.class, (s, c) -> editFolders(s, c.replyTo(),
            f -> FolderTreeEdits.subscribe(f, c.name(), c.subscribed())))
        .onCommand(RecordLogin.class, this::recordLogin);
    builder
        .forStateType(Closing.class)
        .onCommand(Create.class, c -> reject(c.replyTo(), removing()))
        .onCommand(Close.class, (s, c) -> reply(c.replyTo(), closure(s.aliases())))
        .onCommand(Remove.class, c -> persist(new AccountRemoved(), c.replyTo()))
        .onCommand(ChangePassword.class, c -> reject(c.replyTo(), removing()))
        .onCommand(SetQuota.class, c -> reject(c.replyTo(), removing()))
        .onCommand(AttachAlias.class, c -> reject(c.replyTo(), removing()))
        .onCommand(DetachAlias.class, (s, c) -> detachAlias(s.aliases(), c))
        .onCommand(Get.class, c -> reject(c.replyTo(), removing()))
        .onCommand(GetCredentials.class, c -> reject(c.replyTo(), removing()))
        .onCommand(GetFolders.class, c -> reject(c.replyTo(), removing()))
        .onCommand(EnsureFolders.class, c -> reject(c.replyTo(), removing()))
        .onCommand(FoldersToDelete.class, (s, c) -> reply(c.replyTo(), tree(s.folders())))
        .onCommand(CreateFolder.class, c -> reject(c.replyTo(), removing()))
        .onCommand(DeleteFolder.class, c -> reject(c.replyTo(), removing()))
        .onCommand(RenameFolder.class, c -> reject(c.replyTo(), removing()))
        .onCommand(SetSubscribed.class, c -> reject(c.replyTo(), removing()))
        .onCommand(RecordLogin.class, c -> reject(c.replyTo(), removing()));
    return builder.build();
  }

  private ReplyEffect<Event, State> createAccount(Absent state, Create command) {
    if (command.passwordHash() == null || command.passwordHash().isEmpty()) {
      return reject(command.replyTo(), Rejection.invalid("password hash must not be empty"));
    }
    if (command.quotaBytes() < 0) {
      return reject(command.replyTo(), negativeQuota());
    }
    List<Event> events = new ArrayList<>();
    events.add(new AccountCreated(command.passwordHash(), command.quotaBytes(), Instant.now()));
    events.addAll(missingFolders(Collections.emptySortedMap()));
    return Effect().persist(events).thenReply(command.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> ensureFolders(Active state, EnsureFolders command) {
    List<FolderAdded> missing = missingFolders(state.folders());
    if (missing.isEmpty()) {
      return reply(command.replyTo(), tree(state.folders()));
    }
    return Effect().persist(List.<Event>copyOf(missing)).thenReply(command.replyTo(),
        s -> StatusReply.success(tree(((Active) s).folders())));
  }

  /** A FolderAdded, with a fresh random folder id, for each default folder the tree lacks. */
  private static List<FolderAdded> missingFolders(SortedMap<String, FolderRef> folders) {
    return FolderRef.DEFAULTS.stream()
        .filter(d -> !folders.containsKey(d.name()))
        .map(d -> new FolderAdded(d.name(), UUID.randomUUID().toString(), d.specialUse(), true))
        .toList();
  }

  /** Persists the edit's events (all at once) and answers the tree, or answers its rejection. */
  private ReplyEffect<Event, State> editFolders(Active state,
      ActorRef<StatusReply<FolderTree>> replyTo,
      Function<SortedMap<String, FolderRef>, List<Event>> edit) {
    List<Event> events;
    try {
      events = edit.apply(state.folders());
    } catch (Rejection rejection) {
      return reject(replyTo, rejection);
    }
    if (events.isEmpty()) {
      return reply(replyTo, tree(state.folders()));
    }
    return Effect().persist(events)
        .thenReply(replyTo, s -> StatusReply.success(tree(((Active) s).folders())));
  }

  private ReplyEffect<Event, State> changePassword(Active state, ChangePassword command) {
    if (command.passwordHash() == null || command.passwordHash().isEmpty()) {
      return reject(command.replyTo(), Rejection.invalid("password hash must not be empty"));
    }
    return persist(new PasswordChanged(command.passwordHash(), Instant.now()), command.replyTo());
  }

  private ReplyEffect<Event, State> setQuota(Active state, SetQuota command) {
    if (command.quotaBytes() < 0) {
      return reject(command.replyTo(), negativeQuota());
    }
    if (command.quotaBytes() == state.quotaBytes()) {
      return ack(command.replyTo());
    }
    return persist(new QuotaChanged(command.quotaBytes()), command.replyTo());
  }

  private ReplyEffect<Event, State> attachAlias(Active state, AttachAlias command) {
    if (state.aliases().contains(command.aliasAddress())) {
      return ack(command.replyTo());
    }
    return persist(new AliasAttached(command.aliasAddress()), command.replyTo());
  }

  private ReplyEffect<Event, State> detachAlias(SortedSet<String> aliases, DetachAlias command) {
    if (!aliases.contains(command.aliasAddress())) {
      return ack(command.replyTo());
    }
    return persist(new AliasDetached(command.aliasAddress()), command.replyTo());
  }

  private ReplyEffect<Event, State> recordLogin(RecordLogin command) {
    Event event;
    try {
      event = AccountLogins.event(command, Instant.now());
    } catch (Rejection invalid) {
      return reject(command.replyTo(), invalid);
    }
    return persist(event, command.replyTo());
  }

  private AccountSummary summary(Active state) {
    return new AccountSummary(
        address,
        state.quotaBytes(),
        state.aliases().stream().toList(),
        state.createdAt(),
        state.passwordChangedAt());
  }

  private FolderTree tree(SortedMap<String, FolderRef> folders) {
    return new FolderTree(address, List.copyOf(folders.values()));
  }

  private static Credentials credentials(Active state) {
    return new Credentials(state.passwordHash());
  }

  private AccountClosure closure(SortedSet<String> aliases) {
    return new AccountClosure(address, aliases.stream().toList());
  }

  private Rejection absent() {
    return Rejection.notFound("account " + address + " does not exist");
  }

  private String exists() {
    return "account " + address + " already exists";
  }

  private Rejection removing() {
    return Rejection.conflict("account " + address + " is being removed");
  }

  private Rejection notClosed() {
    return Rejection.conflict("account " + address + " must be closed before it is removed");
  }

  private static Rejection negativeQuota() {
    return Rejection.invalid("quota must not be negative (0 means unlimited)");
  }

  // ---- event handlers ----

  @Override
  public EventHandler<State, Event> eventHandler() {
    EventHandlerBuilder<State, Event> builder = newEventHandlerBuilder();
    builder.forStateType(Absent.class).onEvent(AccountCreated.class, (s, e) -> Active.created(e));
    builder
        .forStateType(Active.class)
        .onEvent(PasswordChanged.class, (s, e) -> s.withPassword(e.passwordHash(), e.changedAt()))
        .onEvent(QuotaChanged.class, (s, e) -> s.withQuota(e.quotaBytes()))
        .onEvent(AliasAttached.class, (s, e) -> s.withAlias(e.aliasAddress()))
        .onEvent(AliasDetached.class, (s, e) -> s.withoutAlias(e.aliasAddress()))
        .onEvent(FolderAdded.class, (s, e) -> s.withFolder(e))
        .onEvent(FolderRemoved.class, (s, e) -> s.withoutFolder(e.name()))
        .onEvent(FolderSubscriptionChanged.class,
            (s, e) -> s.withSubscription(e.name(), e.subscribed()))
        .onEvent(LoginSucceeded.class, (s, e) -> s)
        .onEvent(LoginFailed.class, (s, e) -> s)
        .onEvent(AccountClosed.class, (s, e) -> s.closing())
        // journals from before Closing existed: removed straight from Active
        .onEvent(AccountRemoved.class, (s, e) -> new Absent());
    builder
        .forStateType(Closing.class)
        .onEvent(AliasDetached.class, (s, e) -> s.withoutAlias(e.aliasAddress()))
        .onEvent(AccountRemoved.class, (s, e) -> new Absent());
    return builder.build();
  }
}
