package io.mailcluster.control;

import io.mailcluster.entity.EventTags;
import io.mailcluster.entity.EntitySettings;
import io.mailcluster.entity.ReplyingEntity;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
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
 * A mail domain (entity id: the canonical domain name): whether it exists, and which of its
 * local parts are accounts and which are aliases. SMTP asks it to resolve recipients.
 */
public final class Domain
    extends ReplyingEntity<Domain.Command, Domain.Event, Domain.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Domain");

  /** The journal tags its events are spread over (read by the projections). */
  public static final EventTags TAGS = new EventTags("domain", 2);

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  public record Create(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Remove(ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<DomainSummary>> replyTo) implements Command {}

  public record ReserveAccount(String localPart, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record ReleaseAccount(String localPart, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record AddAlias(
      String localPart, String targetAddress, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record RemoveAlias(String localPart, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /**
   * Removes the alias only while it points at {@code targetAddress}, for clean-ups that must not
   * touch an alias someone has since pointed elsewhere. Acknowledges whenever no such alias is
   * left: already removed, pointing elsewhere, or the domain is gone.
   */
  public record RemoveAliasTo(
      String localPart, String targetAddress, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public record Resolve(String localPart, ActorRef<StatusReply<Resolution>> replyTo)
      implements Command {}

  // ---- events ----

  public sealed interface Event extends CborSerializable {}

  public record DomainCreated(Instant createdAt) implements Event {}

  public record DomainRemoved() implements Event {}

  public record AccountReserved(String localPart) implements Event {}

  public record AccountReleased(String localPart) implements Event {}

  public record AliasAdded(String localPart, String target) implements Event {}

  public record AliasRemoved(String localPart) implements Event {}

  // ---- state ----

  public sealed interface State extends CborSerializable {}

  /** Never created, or removed (and so free to be created again). */
  public record Absent() implements State {}

  /** An existing domain: its account local parts and its aliases (local part to target). */
  public record Active(
      Instant createdAt, SortedSet<String> accountLocalParts, SortedMap<String, String> aliases)
      implements State {

    public Active {
      accountLocalParts = Collections.unmodifiableSortedSet(new TreeSet<>(accountLocalParts));
      aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    static Active createdAt(Instant createdAt) {
      return new Active(createdAt, new TreeSet<>(), new TreeMap<>());
    }

    Active withAccount(String localPart) {
      TreeSet<String> accounts = new TreeSet<>(accountLocalParts);
      accounts.add(localPart);
      return new Active(createdAt, accounts, aliases);
    }

    Active withoutAccount(String localPart) {
      TreeSet<String> accounts = new TreeSet<>(accountLocalParts);
      accounts.remove(localPart);
      return new Active(createdAt, accounts, aliases);
    }

    Active withAlias(String localPart, String target) {
      TreeMap<String, String> copy = new TreeMap<>(aliases);
      copy.put(localPart, target);
      return new Active(createdAt, accountLocalParts, copy);
    }

    Active withoutAlias(String localPart) {
      TreeMap<String, String> copy = new TreeMap<>(aliases);
      copy.remove(localPart);
      return new Active(createdAt, accountLocalParts, copy);
    }

    boolean isEmpty() {
      return accountLocalParts.isEmpty() && aliases.isEmpty();
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, context -> create(context.getEntityId())));
  }

  public static Behavior<Command> create(String entityId) {
    return Behaviors.setup(context -> new Domain(entityId, EntitySettings.of(context.getSystem())));
  }

  private final String name;

  private Domain(String name, EntitySettings settings) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), name), TAGS.of(name), settings);
    this.name = name;
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
        .onCommand(Create.class, c -> persist(new DomainCreated(Instant.now()), c.replyTo()))
        .onCommand(Remove.class, c -> reject(c.replyTo(), absent()))
        .onCommand(Get.class, c -> reject(c.replyTo(), absent()))
        .onCommand(ReserveAccount.class, c -> reject(c.replyTo(), absent()))
        .onCommand(ReleaseAccount.class, c -> ack(c.replyTo()))
        .onCommand(AddAlias.class, c -> reject(c.replyTo(), absent()))
        .onCommand(RemoveAlias.class, c -> reject(c.replyTo(), noAlias(c.localPart())))
        .onCommand(RemoveAliasTo.class, c -> ack(c.replyTo()))
        .onCommand(Resolve.class, c -> reject(c.replyTo(), absent()));
    builder
        .forStateType(Active.class)
        .onCommand(Create.class, c -> reject(c.replyTo(), Rejection.conflict(exists())))
        .onCommand(Remove.class, this::remove)
        .onCommand(Get.class, (s, c) -> reply(c.replyTo(), summary(s)))
        .onCommand(ReserveAccount.class, this::reserveAccount)
        .onCommand(ReleaseAccount.class, this::releaseAccount)
        .onCommand(AddAlias.class, this::addAlias)
        .onCommand(RemoveAlias.class, this::removeAlias)
        .onCommand(RemoveAliasTo.class, this::removeAliasTo)
        .onCommand(Resolve.class, (s, c) -> reply(c.replyTo(), resolve(s, c)));
    return builder.build();
  }

  private ReplyEffect<Event, State> remove(Active state, Remove command) {
    if (!state.isEmpty()) {
      String problem =
          "domain %s has %d accounts and %d aliases"
              .formatted(name, state.accountLocalParts().size(), state.aliases().size());
      return reject(command.replyTo(), Rejection.conflict(problem));
    }
    return persist(new DomainRemoved(), command.replyTo());
  }

  private ReplyEffect<Event, State> reserveAccount(Active state, ReserveAccount command) {
    String localPart = command.localPart();
    if (state.aliases().containsKey(localPart)) {
      return reject(command.replyTo(), Rejection.conflict(address(localPart) + " is an alias"));
    }
    if (state.accountLocalParts().contains(localPart)) {
      return ack(command.replyTo());
    }
    return persist(new AccountReserved(localPart), command.replyTo());
  }

  private ReplyEffect<Event, State> releaseAccount(Active state, ReleaseAccount command) {
    if (!state.accountLocalParts().contains(command.localPart())) {
      return ack(command.replyTo());
    }
    return persist(new AccountReleased(command.localPart()), command.replyTo());
  }

  private ReplyEffect<Event, State> addAlias(Active state, AddAlias command) {
    String localPart = command.localPart();
    if (state.accountLocalParts().contains(localPart)) {
      return reject(command.replyTo(), Rejection.conflict(address(localPart) + " is an account"));
    }
    String existing = state.aliases().get(localPart);
    if (command.targetAddress().equals(existing)) {
      return ack(command.replyTo());
    }
    if (existing != null) {
      String problem = address(localPart) + " is already an alias for " + existing;
      return reject(command.replyTo(), Rejection.conflict(problem));
    }
    return persist(new AliasAdded(localPart, command.targetAddress()), command.replyTo());
  }

  private ReplyEffect<Event, State> removeAlias(Active state, RemoveAlias command) {
    if (!state.aliases().containsKey(command.localPart())) {
      return reject(command.replyTo(), noAlias(command.localPart()));
    }
    return persist(new AliasRemoved(command.localPart()), command.replyTo());
  }

  private ReplyEffect<Event, State> removeAliasTo(Active state, RemoveAliasTo command) {
    if (!command.targetAddress().equals(state.aliases().get(command.localPart()))) {
      return ack(command.replyTo());
    }
    return persist(new AliasRemoved(command.localPart()), command.replyTo());
  }

  private Resolution resolve(Active state, Resolve command) {
    String localPart = command.localPart();
    if (state.accountLocalParts().contains(localPart)) {
      return Resolution.account(address(localPart));
    }
    String target = state.aliases().get(localPart);
    return target != null ? Resolution.alias(target) : Resolution.unknown();
  }

  private DomainSummary summary(Active state) {
    TreeMap<String, String> aliases = new TreeMap<>();
    state.aliases().forEach((localPart, target) -> aliases.put(address(localPart), target));
    return new DomainSummary(
        name,
        state.createdAt(),
        state.accountLocalParts().stream().map(this::address).toList(),
        aliases);
  }

  private String address(String localPart) {
    return localPart + "@" + name;
  }

  private Rejection absent() {
    return Rejection.notFound("domain " + name + " does not exist");
  }

  private String exists() {
    return "domain " + name + " already exists";
  }

  private Rejection noAlias(String localPart) {
    return Rejection.notFound("alias " + address(localPart) + " does not exist");
  }

  // ---- event handlers ----

  @Override
  public EventHandler<State, Event> eventHandler() {
    EventHandlerBuilder<State, Event> builder = newEventHandlerBuilder();
    builder
        .forStateType(Absent.class)
        .onEvent(DomainCreated.class, (s, e) -> Active.createdAt(e.createdAt()));
    builder
        .forStateType(Active.class)
        .onEvent(DomainRemoved.class, (s, e) -> new Absent())
        .onEvent(AccountReserved.class, (s, e) -> s.withAccount(e.localPart()))
        .onEvent(AccountReleased.class, (s, e) -> s.withoutAccount(e.localPart()))
        .onEvent(AliasAdded.class, (s, e) -> s.withAlias(e.localPart(), e.target()))
        .onEvent(AliasRemoved.class, (s, e) -> s.withoutAlias(e.localPart()));
    return builder.build();
  }
}
