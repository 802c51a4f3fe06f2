package io.mailcluster.control;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** What the control entities share: retention, persist-failure backoff and reply helpers. */
abstract class ControlEntity<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  private final EntitySettings settings;

  ControlEntity(PersistenceId persistenceId, EntitySettings settings) {
    super(persistenceId, settings.onPersistFailure());
    this.settings = settings;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return settings.retention();
  }

  /** Persists the event, then acknowledges. */
  ReplyEffect<E, S> persist(E event, ActorRef<StatusReply<Done>> replyTo) {
    return Effect().persist(event).thenReply(replyTo, state -> StatusReply.ack());
  }

  /** Persists the event, then answers with {@code value}. */
  <T> ReplyEffect<E, S> persist(E event, ActorRef<StatusReply<T>> replyTo, T value) {
    return Effect().persist(event).thenReply(replyTo, state -> StatusReply.success(value));
  }

  /** Acknowledges without persisting: the command changes nothing. */
  ReplyEffect<E, S> ack(ActorRef<StatusReply<Done>> replyTo) {
    return Effect().reply(replyTo, StatusReply.ack());
  }

  <T> ReplyEffect<E, S> reply(ActorRef<StatusReply<T>> replyTo, T value) {
    return Effect().reply(replyTo, StatusReply.success(value));
  }

  <T> ReplyEffect<E, S> reject(ActorRef<StatusReply<T>> replyTo, Rejection rejection) {
    return Effect().reply(replyTo, StatusReply.error(rejection));
  }
}
