package io.mailcluster.node;

import io.mailcluster.mailbox.Folder;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Appends one event to a Folder's journal behind the live entity's back: a second writer with the
 * folder's persistence id, through the node's own journal plugin (same serialization, same
 * table). The running Folder entity never sees the event, so its state and the state its journal
 * gives differ, as after a lost write acknowledgement or a second incarnation of the entity.
 */
final class JournalWriter
    extends EventSourcedBehavior<JournalWriter.Write, Folder.Event, Long> {

  /** Persists {@code event}; answers the writer's sequence number after it. */
  record Write(Folder.Event event, ActorRef<Long> replyTo) {}

  private JournalWriter(String folderId) {
    super(PersistenceId.of(Folder.ENTITY_TYPE_KEY.name(), folderId));
  }

  /** Writes {@code event} as the folder's next event; answers its sequence number. */
  static CompletionStage<Long> append(ActorSystem<?> system, String folderId, Folder.Event event) {
    ActorRef<Write> writer = system.systemActorOf(
        new JournalWriter(folderId), "journal-writer-" + folderId, Props.empty());
    return AskPattern.ask(writer, (ActorRef<Long> r) -> new Write(event, r),
        Duration.ofSeconds(30), system.scheduler());
  }

  @Override
  public Long emptyState() {
    return 0L;
  }

  /** Events only: the folder's snapshots are Folder states, not this writer's. */
  @Override
  public SnapshotSelectionCriteria snapshotSelectionCriteria() {
    return SnapshotSelectionCriteria.none();
  }

  @Override
  public CommandHandler<Write, Folder.Event, Long> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Write.class, (state, write) -> Effect().persist(write.event())
            .thenRun(after -> write.replyTo().tell(after))
            .thenStop())
        .build();
  }

  @Override
  public EventHandler<Long, Folder.Event> eventHandler() {
    // the state is the sequence number: the writer only counts what the journal holds
    return newEventHandlerBuilder().forAnyState().onAnyEvent((count, event) -> count + 1);
  }
}
