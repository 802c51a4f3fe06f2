package io.mailcluster.control;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
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
 * the domains, so nothing can attach to it meanwhile. A closing account answers CONFLICT "account
 * ... is being removed" to every command except Close (idempotent: answers the aliases left to
 * clean up), DetachAlias (alias removals go on) and Remove (completes the removal). That includes
 * Get (its domain still lists it, so NOT_FOUND would be untrue; the CONFLICT says a removal is
 * under way and a retried removal finishes it) and GetCredentials (it cannot log in). Remove of an
 * active account is CONFLICT too: closing first is what keeps aliases from being left behind.
 */
public final class Account
    extends ControlEntity<Account.Command, Account.Event, Account.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Account");

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

  /** The account stopped taking logins, changes and aliases: its removal has begun. */
  public record AccountClosed(Instant closedAt) implements Event {}

  /**
   * The removal is complete. Follows {@link AccountClosed}; in journals written before accounts
   * were closed first, it follows the active account directly.
   */
  public record AccountRemoved() implements Event {}

  // ---- state ----

  public sealed interface State extends CborSerializable {}

  /** Never created, or removed (and so free to be created again). */
  public record Absent() implements State {}

  public record Active(
      String passwordHash,
      long quotaBytes,
      SortedSet<String> aliases,
      Instant createdAt,
      Instant passwordChangedAt)
      implements State {

    public Active {
      aliases = Collections.unmodifiableSortedSet(new TreeSet<>(aliases));
    }

    static Active created(AccountCreated e) {
      Instant at = e.createdAt();
      return new Active(e.passwordHash(), e.quotaBytes(), new TreeSet<>(), at, at);
    }

    Active withPassword(String hash, Instant changedAt) {
      return new Active(hash, quotaBytes, aliases, createdAt, changedAt);
    }

    Active withQuota(long bytes) {
      return new Active(passwordHash, bytes, aliases, createdAt, passwordChangedAt);
    }

    Active withAlias(String alias) {
      TreeSet<String> copy = new TreeSet<>(aliases);
      copy.add(alias);
      return new Active(passwordHash, quotaBytes, copy, createdAt, passwordChangedAt);
    }

    Active withoutAlias(String alias) {
      TreeSet<String> copy = new TreeSet<>(aliases);
      copy.remove(alias);
      return new Active(passwordHash, quotaBytes, copy, createdAt, passwordChangedAt);
    }

    Closing closing() {
      return new Closing(aliases);
    }

    @Override
    public String toString() {
      return "Active[passwordHash=" + REDACTED + ", quotaBytes=" + quotaBytes
          + ", aliases=" + aliases + ", createdAt=" + createdAt
          + ", passwordChangedAt=" + passwordChangedAt + "]";
    }
  }

  /** Being removed: no password hash any more, only the aliases that still point here. */
  public record Closing(SortedSet<String> aliases) implements State {

    public Closing {
      aliases = Collections.unmodifiableSortedSet(new TreeSet<>(aliases));
    }

    Closing withoutAlias(String alias) {
      TreeSet<String> copy = new TreeSet<>(aliases);
      copy.remove(alias);
      return new Closing(copy);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, context -> create(context.getEntityId())));
  }

  public static Behavior<Command> create(String entityId) {
    return Behaviors.setup(
        context -> new Account(entityId, EntitySettings.of(context.getSystem())));
  }

  private final String address;

  private Account(String address, EntitySettings settings) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), address), settings);
    this.address = address;
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
        .onCommand(GetCredentials.class, c -> reject(c.replyTo(), absent()));
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
        .onCommand(GetCredentials.class, (s, c) -> reply(c.replyTo(), credentials(s)));
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
        .onCommand(GetCredentials.class, c -> reject(c.replyTo(), removing()));
    return builder.build();
  }

  private ReplyEffect<Event, State> createAccount(Absent state, Create command) {
    if (command.passwordHash() == null || command.passwordHash().isEmpty()) {
      return reject(command.replyTo(), Rejection.invalid("password hash must not be empty"));
    }
    if (command.quotaBytes() < 0) {
      return reject(command.replyTo(), negativeQuota());
    }
    AccountCreated event =
        new AccountCreated(command.passwordHash(), command.quotaBytes(), Instant.now());
    return persist(event, command.replyTo());
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

  private AccountSummary summary(Active state) {
    return new AccountSummary(
        address,
        state.quotaBytes(),
        state.aliases().stream().toList(),
        state.createdAt(),
        state.passwordChangedAt());
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
