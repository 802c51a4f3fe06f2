package io.mailcluster.node;

import io.mailcluster.mailbox.AppendBatchResult;
import io.mailcluster.mailbox.AppendRequest;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.MessageEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Fills a Folder entity fast, without SMTP: {@link Folder.AppendBatch}es of the largest allowed
 * size, a few in flight, each entry pointing at one message already stored (its blob and
 * metadata are real, so FETCH and SEARCH read them as they would any message).
 */
final class FolderSeeder {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  /** Batches in flight: keeps the folder persisting while replies travel. */
  private static final int WINDOW = 4;

  private final FolderService folders;
  private final MessageEntry template;
  private final int batchSize;

  /** Seeds copies of {@code template} (blob id and size) through {@code system}'s sharding. */
  FolderSeeder(ActorSystem<?> system, MessageEntry template) {
    this.folders = new FolderService(system);
    this.template = template;
    this.batchSize = system.settings().config().getInt("mail-cluster.folders.max-batch-size");
  }

  int batchSize() {
    return batchSize;
  }

  /** Appends {@code messages} entries to {@code folderId}; answers once all are persisted. */
  void seed(String folderId, int messages) throws Exception {
    EntityRef<Folder.Command> folder = folders.folder(folderId);
    Deque<CompletableFuture<AppendBatchResult>> inFlight = new ArrayDeque<>();
    for (int first = 0; first < messages; first += batchSize) {
      List<AppendRequest> batch = new ArrayList<>(batchSize);
      for (int n = first; n < Math.min(messages, first + batchSize); n++) {
        batch.add(new AppendRequest("bench-" + folderId + "-" + n, template.blobId(),
            template.size(), Instant.now(), null));
      }
      inFlight.add(folder.<AppendBatchResult>askWithStatus(
          r -> new Folder.AppendBatch(batch, r), TIMEOUT).toCompletableFuture());
      if (inFlight.size() == WINDOW) {
        inFlight.removeFirst().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    for (CompletableFuture<AppendBatchResult> batch : inFlight) {
      batch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
