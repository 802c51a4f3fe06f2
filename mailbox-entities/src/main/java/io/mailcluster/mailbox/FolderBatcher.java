package io.mailcluster.mailbox;

import io.mailcluster.control.Rejection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Appends for one folder: at most one batch in flight; what arrives meanwhile waits for the
 * next batch (at most {@code max-batch-size} appends each). A batch the folder rejects as
 * INVALID is retried one append at a time, so one bad request fails only its own sender.
 */
final class FolderBatcher extends AbstractBehavior<FolderBatcher.Command> {

  interface Command extends NoSerializationVerificationNeeded {}

  record Add(AppendRequest request, ActorRef<StatusReply<AppendResult>> replyTo) implements Command {}

  enum Stop implements Command {
    INSTANCE
  }

  private record BatchDone(List<Add> batch, AppendBatchResult result, Throwable failure)
      implements Command {}

  private enum IdleTimeout implements Command {
    INSTANCE
  }

  static Behavior<Command> create(
      String folderId, FolderSettings settings, ActorRef<AppendBatchers.Command> router) {
    return Behaviors.setup(context -> new FolderBatcher(context, folderId, settings, router));
  }

  private final String folderId;
  private final FolderSettings settings;
  private final ActorRef<AppendBatchers.Command> router;
  private final EntityRef<Folder.Command> folder;
  private final Deque<Add> waiting = new ArrayDeque<>();
  private final Deque<Add> alone = new ArrayDeque<>();
  private boolean inFlight;
  private boolean stopping;

  private FolderBatcher(
      ActorContext<Command> context,
      String folderId,
      FolderSettings settings,
      ActorRef<AppendBatchers.Command> router) {
    super(context);
    this.folderId = folderId;
    this.settings = settings;
    this.router = router;
    this.folder = ClusterSharding.get(context.getSystem()).entityRefFor(Folder.ENTITY_TYPE_KEY, folderId);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Add.class, this::onAdd)
        .onMessage(BatchDone.class, this::onBatchDone)
        .onMessageEquals(IdleTimeout.INSTANCE, this::onIdle)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .build();
  }

  private Behavior<Command> onAdd(Add add) {
    waiting.add(add);
    if (!inFlight) {
      sendNextBatch();
    }
    return this;
  }

  private Behavior<Command> onBatchDone(BatchDone done) {
    inFlight = false;
    if (done.failure() == null) {
      for (int i = 0; i < done.batch().size(); i++) {
        done.batch().get(i).replyTo().tell(StatusReply.success(done.result().results().get(i)));
      }
    } else if (Rejection.kindOf(done.failure()) == Rejection.Kind.INVALID && done.batch().size() > 1) {
      alone.addAll(done.batch());
    } else {
      done.batch().forEach(add -> add.replyTo().tell(StatusReply.error(done.failure())));
    }
    if (!alone.isEmpty() || !waiting.isEmpty()) {
      sendNextBatch();
      return this;
    }
    if (stopping) {
      return Behaviors.stopped();
    }
    getContext().setReceiveTimeout(settings.askTimeout().multipliedBy(12), IdleTimeout.INSTANCE);
    return this;
  }

  private Behavior<Command> onIdle() {
    getContext().cancelReceiveTimeout();
    if (!inFlight && waiting.isEmpty() && alone.isEmpty()) {
      router.tell(new AppendBatchers.Idle(folderId, getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onStop() {
    if (inFlight || !waiting.isEmpty() || !alone.isEmpty()) {
      stopping = true;
      return this;
    }
    return Behaviors.stopped();
  }

  private void sendNextBatch() {
    getContext().cancelReceiveTimeout();
    List<Add> batch = new ArrayList<>();
    if (!alone.isEmpty()) {
      batch.add(alone.poll());
    } else {
      while (!waiting.isEmpty() && batch.size() < settings.maxBatchSize()) {
        batch.add(waiting.poll());
      }
    }
    List<AppendRequest> requests = batch.stream().map(Add::request).toList();
    inFlight = true;
    getContext().askWithStatus(
        AppendBatchResult.class,
        folder,
        settings.askTimeout(),
        replyTo -> new Folder.AppendBatch(requests, replyTo),
        (result, failure) -> new BatchDone(batch, result, failure));
  }
}
