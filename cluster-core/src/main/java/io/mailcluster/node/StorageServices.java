package io.mailcluster.node;

import io.mailcluster.blob.BlobSettings;
import io.mailcluster.blob.BlobStore;
import io.mailcluster.lock.LockSettings;
import io.mailcluster.lock.MaildropLocks;
import io.mailcluster.mime.MetadataStore;
import io.mailcluster.projections.ReadSide;
import io.mailcluster.storage.IngestSettings;
import io.mailcluster.storage.MessageIngest;
import io.mailcluster.storage.StorageSettings;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's own Cassandra tables beyond the journal: the blob store, the message metadata
 * written at ingest, the maildrop locks and the read side (read models and their projections).
 * They need the node's Cassandra session and prepared statements (so the current schema), so
 * they are set up in the background and retried until they work; the listeners answer
 * "try again later" (SMTP 451, POP3 -ERR [SYS/TEMP]) until then. /ready checks Cassandra and
 * the schema version, so a ready node normally has them within a retry interval.
 */
final class StorageServices {

  /** What exists once Cassandra answered with the current schema. */
  record Ready(BlobStore blobs, MetadataStore metadata, MessageIngest ingest, MaildropLocks locks,
      ReadSide readSide) {}

  /** Pause between attempts while Cassandra is not there yet. */
  static final Duration RETRY = Duration.ofSeconds(2);

  private StorageServices() {}

  static void startInBackground(ActorSystem<?> system, Consumer<Ready> onReady) {
    var config = system.settings().config();
    attempt(system, StorageSettings.fromConfig(config), BlobSettings.fromConfig(config),
        LockSettings.fromConfig(config), onReady);
  }

  private static void attempt(ActorSystem<?> system, StorageSettings storage, BlobSettings blobs,
      LockSettings locks, Consumer<Ready> onReady) {
    StorageSession.of(system)
        .thenCompose(session -> BlobStore.create(session, storage.keyspace(), blobs)
            .thenCompose(blobStore -> MetadataStore.create(system, session, storage.keyspace(),
                    IngestSettings.fromConfig(system.settings().config()).metadataConsistency())
                .thenCompose(metadata -> MaildropLocks.create(session, storage.keyspace(), locks)
                    .thenCombine(ReadSide.create(system, session, storage.keyspace(), metadata),
                        (maildropLocks, readSide) -> new Ready(blobStore, metadata,
                            new MessageIngest(system, blobStore, metadata), maildropLocks,
                            readSide)))))
        .whenComplete((ready, failure) -> {
          if (failure == null) {
            onReady.accept(ready);
            system.log().info("blob store and maildrop locks ready (keyspace {})", storage.keyspace());
            return;
          }
          if (system.getWhenTerminated().toCompletableFuture().isDone()) {
            return;
          }
          system.log().warn("storage services not available yet ({}); mail is refused for now",
              failure.toString());
          try {
            system.scheduler().scheduleOnce(RETRY,
                () -> attempt(system, storage, blobs, locks, onReady), system.executionContext());
          } catch (IllegalStateException shuttingDown) {
            // the scheduler is closed: the node is stopping
          }
        });
  }
}
