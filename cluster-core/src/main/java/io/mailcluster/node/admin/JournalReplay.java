package io.mailcluster.node.admin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.stream.Materializer;

/**
 * Rebuilds an entity's state from its journal with the entity's own event handler, from sequence
 * number 1 (never from a snapshot: the point is to check what the events alone give), and can be
 * moved forward to a later sequence number when the live entity has moved on meanwhile.
 *
 * <p>Memory: one state (the entity's own size), the read journal's page of events in flight.
 */
final class JournalReplay<S, E> {

  /**
   * How far the replay got.
   *
   * @param sequenceNr the last event applied (0: none)
   * @param events how many events were applied
   * @param gapAfter -1, or the sequence number after which the journal skipped one or more
   */
  record Progress<S>(S state, long sequenceNr, long events, long gapAfter) {}

  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final String persistenceId;
  private final EventHandler<S, E> handler;
  private final Class<E> eventType;

  JournalReplay(CassandraReadJournal journal, Materializer materializer, String persistenceId,
      EventHandler<S, E> handler, Class<E> eventType) {
    this.journal = journal;
    this.materializer = materializer;
    this.persistenceId = persistenceId;
    this.handler = handler;
    this.eventType = eventType;
  }

  static <S> Progress<S> start(S emptyState) {
    return new Progress<>(emptyState, 0, 0, -1);
  }

  /** Applies the events after {@code from} up to {@code toSequenceNr} (Long.MAX_VALUE: all). */
  CompletionStage<Progress<S>> advance(Progress<S> from, long toSequenceNr) {
    if (toSequenceNr <= from.sequenceNr()) {
      return CompletableFuture.completedFuture(from);
    }
    return journal.currentEventsByPersistenceId(persistenceId, from.sequenceNr() + 1, toSequenceNr)
        .runFold(from, this::applied, materializer);
  }

  private Progress<S> applied(Progress<S> progress, EventEnvelope envelope) {
    long gap = progress.gapAfter() < 0 && envelope.sequenceNr() != progress.sequenceNr() + 1
        ? progress.sequenceNr() : progress.gapAfter();
    S next;
    try {
      next = handler.apply(progress.state(), eventType.cast(envelope.event()));
    } catch (RuntimeException e) {
      throw new Unreplayable(persistenceId, envelope.sequenceNr(), e);
    }
    return new Progress<>(next, envelope.sequenceNr(), progress.events() + 1, gap);
  }

  /** The entity's rules refuse an event of its journal (wrong type, or wrong for the state). */
  static final class Unreplayable extends RuntimeException {
    final long sequenceNr;

    Unreplayable(String persistenceId, long sequenceNr, RuntimeException cause) {
      super("event " + sequenceNr + " of " + persistenceId + " cannot be applied: " + cause, cause);
      this.sequenceNr = sequenceNr;
    }
  }
}
