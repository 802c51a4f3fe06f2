package io.mailcluster.node;

import io.mailcluster.blob.BlobSettings;
import io.mailcluster.blob.BlobStore;
import io.mailcluster.control.ControlData;
import io.mailcluster.mailbox.FolderAppender;
import io.mailcluster.node.admin.BlobStoreHolder;
import io.mailcluster.smtp.delivery.ControlDataRecipientResolver;
import io.mailcluster.smtp.delivery.MailboxMessageStore;
import io.mailcluster.smtp.session.SessionEffect;
import io.mailcluster.smtp.transport.MessageStore;
import io.mailcluster.smtp.transport.MessageUpload;
import io.mailcluster.smtp.transport.SmtpServer;
import io.mailcluster.storage.StorageSettings;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The node's SMTP listener on {@code mail-cluster.smtp.host:port}: recipients resolved against
 * the control data, mail streamed into the blob store and appended to each recipient's INBOX.
 *
 * <p>The port is bound at once; a node that cannot bind it stops (like the admin API). The blob
 * store needs the node's Cassandra session and prepared statements (so the schema): it is set
 * up in the background and retried until it works. Until then every message is answered 451
 * 4.3.0 (the client retries; the node is not ready anyway, see /ready).
 */
final class SmtpListener {

  /** Pause between attempts to set up the blob store while Cassandra is not there yet. */
  static final Duration BLOB_STORE_RETRY = Duration.ofSeconds(2);

  private SmtpListener() {}

  static void start(ActorSystem<?> system, ControlData controlData, BlobStoreHolder shared) {
    var config = system.settings().config();
    String host = config.getString("mail-cluster.smtp.host");
    int port = config.getInt("mail-cluster.smtp.port");
    StorageSettings storage = StorageSettings.fromConfig(config);
    BlobSettings blobs = BlobSettings.fromConfig(config);
    FolderAppender appender = new FolderAppender(system);
    PendingStore store = new PendingStore();
    createBlobStore(system, storage, blobs, blobStore -> {
      store.ready = new MailboxMessageStore(system, blobStore, controlData, appender);
      shared.set(blobStore);
    });

    SmtpServer.start(system, host, port, new ControlDataRecipientResolver(system), store)
        .whenComplete((server, failure) -> {
          if (failure != null) {
            system.log().error("SMTP cannot bind {}:{}; stopping the node", host, port, failure);
            system.terminate();
          }
        });
  }

  private static void createBlobStore(ActorSystem<?> system, StorageSettings storage,
      BlobSettings settings, java.util.function.Consumer<BlobStore> onReady) {
    StorageSession.of(system)
        .thenCompose(session -> BlobStore.create(session, storage.keyspace(), settings))
        .whenComplete((blobStore, failure) -> {
          if (failure == null) {
            onReady.accept(blobStore);
            system.log().info("SMTP delivery ready (blob store of keyspace {})", storage.keyspace());
            return;
          }
          if (system.getWhenTerminated().toCompletableFuture().isDone()) {
            return;
          }
          system.log().warn("blob store not available yet ({}); SMTP answers 451 until it is",
              failure.toString());
          try {
            system.scheduler().scheduleOnce(BLOB_STORE_RETRY,
                () -> createBlobStore(system, storage, settings, onReady),
                system.executionContext());
          } catch (IllegalStateException shuttingDown) {
            // the scheduler is closed: the node is stopping
          }
        });
  }

  /** Delegates to the real store once it exists; before that a message fails (451). */
  private static final class PendingStore implements MessageStore {

    volatile MessageStore ready;

    @Override
    public MessageUpload begin(SessionEffect.Envelope envelope, String messageId) {
      MessageStore store = ready;
      if (store == null) {
        throw new IllegalStateException("blob store not ready");
      }
      return store.begin(envelope, messageId);
    }
  }
}
