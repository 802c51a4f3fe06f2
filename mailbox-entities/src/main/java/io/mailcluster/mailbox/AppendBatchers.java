package io.mailcluster.mailbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * Routes appends to one {@link FolderBatcher} per folder, starting it on demand and letting it
 * go when it has been idle. Local to the node: its messages never cross the network.
 */
final class AppendBatchers {

  interface Command extends NoSerializationVerificationNeeded {}

  record Enqueue(String folderId, AppendRequest request, ActorRef<StatusReply<AppendResult>> replyTo)
      implements Command {}

  /** A batcher with nothing to do offers to stop; it keeps working until told to. */
  record Idle(String folderId, ActorRef<FolderBatcher.Command> batcher) implements Command {}

  private AppendBatchers() {}

  static Behavior<Command> create(FolderSettings settings) {
    return Behaviors.setup(context -> routing(context, settings, new HashMap<>()));
  }

  private static Behavior<Command> routing(
      ActorContext<Command> context,
      FolderSettings settings,
      Map<String, ActorRef<FolderBatcher.Command>> byFolder) {
    return Behaviors.receive(Command.class)
        .onMessage(Enqueue.class, enqueue -> {
          ActorRef<FolderBatcher.Command> batcher = byFolder.computeIfAbsent(enqueue.folderId(),
              id -> context.spawn(FolderBatcher.create(id, settings, context.getSelf()), childName(id)));
          batcher.tell(new FolderBatcher.Add(enqueue.request(), enqueue.replyTo()));
          return Behaviors.same();
        })
        .onMessage(Idle.class, idle -> {
          // only the current batcher of that folder may go; anything sent to it before this
          // Stop is still handled by it first (message order between two actors is kept)
          if (byFolder.get(idle.folderId()) == idle.batcher()) {
            byFolder.remove(idle.folderId());
            idle.batcher().tell(FolderBatcher.Stop.INSTANCE);
          }
          return Behaviors.same();
        })
        .build();
  }

  private static String childName(String folderId) {
    // a later batcher for the same folder may start before the old one has stopped
    return "folder-" + URLEncoder.encode(folderId, StandardCharsets.UTF_8) + "-" + System.nanoTime();
  }
}
