package io.mailcluster.projections.audit;

import io.mailcluster.control.Account;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.EventSource;
import io.mailcluster.projections.LruCache;
import io.mailcluster.projections.audit.AuditLogTable.FolderOwner;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each Account and Folder event as the audit record the journal audit would show. A
 * folder's events do not name its account: the folder's FolderCreated does, and it comes first in
 * the folder's (single) tag, so the owner is remembered then ({@code audit_folders}, with a cache
 * of recently seen folders in this instance, the only writer of the folders of its tag).
 */
final class AuditLogHandler extends Handler<EventEnvelope<Object>> {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLogHandler.class);
  private static final int CACHED_FOLDERS = 10_000;

  private final AuditLogTable table;
  private final DeliveryDetails details;
  private final Map<String, FolderOwner> owners = new LruCache<>(CACHED_FOLDERS);

  AuditLogHandler(AuditLogTable table, DeliveryDetails details) {
    this.table = table;
    this.details = details;
  }

  @Override
  public CompletionStage<Done> process(EventEnvelope<Object> envelope) {
    EventSource source = EventSource.of(envelope.persistenceId());
    Object event = envelope.event();
    if (source.entityType().equals(Account.ENTITY_TYPE_KEY.name())) {
      return table.write(source.entityId(), AuditRecord.of(envelope.timestamp(),
          AuditRecord.ACCOUNT, null, envelope.sequenceNr(), event));
    }
    if (!source.entityType().equals(Folder.ENTITY_TYPE_KEY.name())) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    String folderId = source.entityId();
    return ownerAfter(folderId, event).thenCompose(owner -> {
      if (owner.isEmpty()) {
        LOG.warn("audit: event {} of folder {} skipped, its FolderCreated was never seen",
            envelope.sequenceNr(), folderId);
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      AuditRecord record = AuditRecord.of(envelope.timestamp(), owner.get().name(), folderId,
          envelope.sequenceNr(), event);
      return details.added(record, event)
          .thenCompose(detailed -> table.write(owner.get().account(), detailed));
    });
  }

  /** The folder's owner and its name once {@code event} is applied. */
  private CompletionStage<Optional<FolderOwner>> ownerAfter(String folderId, Object event) {
    if (event instanceof Folder.FolderCreated created) {
      return remembered(folderId, new FolderOwner(created.owner(), created.name()));
    }
    return ownerOf(folderId).thenCompose(owner -> {
      if (owner.isPresent() && event instanceof Folder.FolderRenamed renamed) {
        return remembered(folderId, new FolderOwner(owner.get().account(), renamed.name()));
      }
      return CompletableFuture.completedFuture(owner);
    });
  }

  private CompletionStage<Optional<FolderOwner>> ownerOf(String folderId) {
    FolderOwner cached = owners.get(folderId);
    if (cached != null) {
      return CompletableFuture.completedFuture(Optional.of(cached));
    }
    return table.folder(folderId).thenApply(found -> {
      found.ifPresent(owner -> owners.put(folderId, owner));
      return found;
    });
  }

  private CompletionStage<Optional<FolderOwner>> remembered(String folderId, FolderOwner owner) {
    owners.put(folderId, owner);
    return table.writeFolder(folderId, owner).thenApply(done -> Optional.of(owner));
  }
}
