package io.mailcluster.control;

import io.mailcluster.entity.EventTags;
import io.mailcluster.entity.EntitySettings;
import io.mailcluster.entity.ReplyingEntity;

import io.mailcluster.serialization.CborSerializable;
import java.util.ArrayList;
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
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The listing of all domains, so any node can answer "which domains exist" (a single entity, id
 * {@value #ENTITY_ID}). {@link ControlData} keeps it in step with the {@link Domain} entities.
 */
public final class DomainDirectory
    extends ReplyingEntity<DomainDirectory.Command, DomainDirectory.Event, DomainDirectory.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "DomainDirectory");

  /** The journal tags its events are spread over (read by the projections). */
  public static final EventTags TAGS = new EventTags("directory", 1);

  /** The id of the one directory entity. */
  public static final String ENTITY_ID = "all";

  // ---- commands ----

  public sealed interface Command extends CborSerializable {}

  public record Add(String domain, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Remove(String domain, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record List(ActorRef<StatusReply<DomainList>> replyTo) implements Command {}

  // ---- events ----

  public sealed interface Event extends CborSerializable {}

  public record DomainListed(String domain) implements Event {}

  public record DomainUnlisted(String domain) implements Event {}

  // ---- state ----

  public sealed interface State extends CborSerializable {}

  /** The listed domain names, sorted. */
  public record Listing(SortedSet<String> domains) implements State {

    public Listing {
      domains = Collections.unmodifiableSortedSet(new TreeSet<>(domains));
    }

    DomainList toReply() {
      return new DomainList(new ArrayList<>(domains));
    }

    Listing with(String domain) {
      TreeSet<String> copy = new TreeSet<>(domains);
      copy.add(domain);
      return new Listing(copy);
    }

    Listing without(String domain) {
      TreeSet<String> copy = new TreeSet<>(domains);
      copy.remove(domain);
      return new Listing(copy);
    }
  }

  // ---- wiring ----

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, context -> create(context.getEntityId())));
  }

  public static Behavior<Command> create(String entityId) {
    return Behaviors.setup(
        context -> new DomainDirectory(entityId, EntitySettings.of(context.getSystem())));
  }

  private DomainDirectory(String entityId, EntitySettings settings) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), entityId), TAGS.of(entityId), settings);
  }

  @Override
  public State emptyState() {
    return new Listing(new TreeSet<>());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forStateType(Listing.class)
        .onCommand(Add.class, this::add)
        .onCommand(Remove.class, this::remove)
        .onCommand(List.class, (s, c) -> reply(c.replyTo(), s.toReply()))
        .build();
  }

  private ReplyEffect<Event, State> add(Listing state, Add command) {
    if (state.domains().contains(command.domain())) {
      return ack(command.replyTo());
    }
    return persist(new DomainListed(command.domain()), command.replyTo());
  }

  private ReplyEffect<Event, State> remove(Listing state, Remove command) {
    if (!state.domains().contains(command.domain())) {
      return ack(command.replyTo());
    }
    return persist(new DomainUnlisted(command.domain()), command.replyTo());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forStateType(Listing.class)
        .onEvent(DomainListed.class, (s, e) -> s.with(e.domain()))
        .onEvent(DomainUnlisted.class, (s, e) -> s.without(e.domain()))
        .build();
  }
}
