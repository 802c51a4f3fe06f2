package io.mailcluster.projections.usage;

import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.EventSource;
import io.mailcluster.projections.LruCache;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Keeps each folder's message count and octets: FolderCreated starts them, MessageAppended adds,
 * MessagesExpunged subtracts (its freedBytes), FolderDeleted removes the folder. An event whose
 * sequence number the folder's row has already counted is skipped, so events seen again after a
 * restart are not counted twice. Folder rows are cached: this instance is the only writer of the
 * folders of its tag.
 */
final class UsageHandler extends Handler<EventEnvelope<Object>> {

  private static final int CACHED_FOLDERS = 10_000;
  private static final CompletionStage<Done> DONE =
      CompletableFuture.completedFuture(Done.getInstance());

  private final UsageTable table;
  private final Map<String, FolderUsage> folders = new LruCache<>(CACHED_FOLDERS);

  UsageHandler(UsageTable table) {
    this.table = table;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Object> envelope) {
    EventSource source = EventSource.of(envelope.persistenceId());
    if (!source.entityType().equals(Folder.ENTITY_TYPE_KEY.name())) {
      return DONE;
    }
    String folderId = source.entityId();
    long seqNr = envelope.sequenceNr();
    Object event = envelope.event();
    if (event instanceof Folder.FolderCreated created) {
      return save(new FolderUsage(folderId, created.owner(), created.name(), 0, 0, seqNr));
    }
    return current(folderId).thenCompose(found -> {
      if (found.isEmpty() || found.get().seqNr() >= seqNr) {
        return DONE; // counted already, or deleted (or never created)
      }
      FolderUsage usage = found.get();
      if (event instanceof Folder.MessageAppended appended) {
        return save(usage.plus(1, appended.size(), seqNr));
      }
      if (event instanceof Folder.MessagesExpunged expunged) {
        return save(usage.plus(-expunged.uids().size(), -expunged.freedBytes(), seqNr));
      }
      if (event instanceof Folder.FolderRenamed renamed) {
        return save(usage.renamed(renamed.name(), seqNr));
      }
      if (event instanceof Folder.FolderDeleted) {
        folders.remove(folderId);
        return table.delete(usage);
      }
      return DONE; // flags change nothing here
    });
  }

  private CompletionStage<Optional<FolderUsage>> current(String folderId) {
    FolderUsage cached = folders.get(folderId);
    if (cached != null) {
      return CompletableFuture.completedFuture(Optional.of(cached));
    }
    return table.folder(folderId);
  }

  private CompletionStage<Done> save(FolderUsage usage) {
    return table.write(usage).thenApply(done -> {
      folders.put(usage.folderId(), usage);
      return done;
    });
  }
}
