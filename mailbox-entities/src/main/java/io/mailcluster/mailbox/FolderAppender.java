package io.mailcluster.mailbox;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Group commit for appends on this node: concurrent appends to one folder are sent to it as
 * one {@link Folder.AppendBatch}, one atomic journal write. While a folder's batch is being
 * persisted, the appends that arrive meanwhile wait and go together in the next one; an append
 * to an idle folder goes at once. So a single sender sees no added latency and throughput grows
 * with concurrency instead of being capped by one entity's write round trips.
 */
public final class FolderAppender {

  private final ActorSystem<?> system;
  private final ActorRef<AppendBatchers.Command> batchers;
  private final Duration timeout;

  public FolderAppender(ActorSystem<?> system) {
    this.system = system;
    FolderSettings settings = FolderSettings.fromConfig(system.settings().config());
    // the reply comes after at most one batch in flight and this one: twice the entity's timeout
    this.timeout = settings.askTimeout().multipliedBy(2);
    this.batchers = system.systemActorOf(AppendBatchers.create(settings), "folderAppender", Props.empty());
  }

  /** Appends one message; completes when it is persisted (or with the folder's rejection). */
  public CompletionStage<AppendResult> append(String folderId, AppendRequest request) {
    return AskPattern.askWithStatus(
        batchers,
        replyTo -> new AppendBatchers.Enqueue(folderId, request, replyTo),
        timeout,
        system.scheduler());
  }
}
