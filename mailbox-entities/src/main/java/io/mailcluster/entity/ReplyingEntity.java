package io.mailcluster.entity;

import io.mailcluster.control.Rejection;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import java.util.Set;

/** What our entities share: retention, persist-failure backoff, tags and StatusReply helpers. */
public abstract class ReplyingEntity<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  private final EntitySettings settings;
  private final Set<String> tags;

  /** @param tag every event of this entity is written with it (see {@link EventTags}) */
  protected ReplyingEntity(PersistenceId persistenceId, String tag, EntitySettings settings) {
    super(persistenceId, settings.onPersistFailure());
    this.settings = settings;
    this.tags = Set.of(tag);
  }

  @Override
  public Set<String> tagsFor(E event) {
    return tags;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return settings.retention();
  }

  /** Persists the event, then acknowledges. */
  protected ReplyEffect<E, S> persist(E event, ActorRef<StatusReply<Done>> replyTo) {
    return Effect().persist(event).thenReply(replyTo, state -> StatusReply.ack());
  }

  /** Persists the event, then answers with {@code value}. */
  protected <T> ReplyEffect<E, S> persist(E event, ActorRef<StatusReply<T>> replyTo, T value) {
    return Effect().persist(event).thenReply(replyTo, state -> StatusReply.success(value));
  }

  /** Acknowledges without persisting: the command changes nothing. */
  protected ReplyEffect<E, S> ack(ActorRef<StatusReply<Done>> replyTo) {
    return Effect().reply(replyTo, StatusReply.ack());
  }

  protected <T> ReplyEffect<E, S> reply(ActorRef<StatusReply<T>> replyTo, T value) {
    return Effect().reply(replyTo, StatusReply.success(value));
  }

  protected <T> ReplyEffect<E, S> reject(ActorRef<StatusReply<T>> replyTo, Rejection rejection) {
    return Effect().reply(replyTo, StatusReply.error(rejection));
  }
}
