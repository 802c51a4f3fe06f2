package io.mailcluster.node;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.blob.BlobSettings;
import io.mailcluster.blob.BlobStore;
import io.mailcluster.control.ControlData;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.MessagePage;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Reads what a node stored, the way the node itself does: a user's INBOX through the control
 * data, its entries and status from the Folder entity, the bytes from the blob store.
 */
final class StoredMail {

  private final ActorSystem<?> system;
  private final ControlData control;
  private final FolderService folders;
  private final BlobStore blobs;
  private final MetadataStore metadata;

  private StoredMail(ActorSystem<?> system, BlobStore blobs, MetadataStore metadata) {
    this.system = system;
    this.control = new ControlData(system);
    this.folders = new FolderService(system);
    this.blobs = blobs;
    this.metadata = metadata;
  }

  /** Reads through {@code node}'s storage session from the tables of {@code keyspace}. */
  static StoredMail of(TestNode node, String keyspace) throws Exception {
    ActorSystem<Void> system = node.system();
    CqlSession session = await(StorageSession.of(system));
    BlobStore blobs = await(BlobStore.create(
        session, keyspace, BlobSettings.fromConfig(system.settings().config())));
    MetadataStore metadata = await(MetadataStore.create(system, session, keyspace, "LOCAL_QUORUM"));
    return new StoredMail(system, blobs, metadata);
  }

  /** The MIME metadata computed at ingest and stored by blob id, if there is a row. */
  Optional<MessageMetadata> metadata(String blobId) throws Exception {
    return await(metadata.get(blobId));
  }

  ControlData controlData() {
    return control;
  }

  String inbox(String address) throws Exception {
    return await(control.inbox(address));
  }

  FolderStatus status(String folderId) throws Exception {
    return await(folders.folder(folderId)
        .<FolderStatus>askWithStatus(Folder.Status::new, Duration.ofSeconds(10)));
  }

  List<MessageEntry> entries(String folderId) throws Exception {
    MessagePage page = await(folders.folder(folderId).<MessagePage>askWithStatus(
        r -> new Folder.Fetch(List.of(UidRange.from(1)), r), Duration.ofSeconds(10)));
    return page.entries();
  }

  /** The entries of {@code address}'s INBOX, oldest first. */
  List<MessageEntry> inboxEntries(String address) throws Exception {
    return entries(inbox(address));
  }

  ByteString bytes(String blobId) throws Exception {
    return await(blobs.source(blobId).runWith(
        Sink.fold(ByteString.emptyByteString(), ByteString::concat),
        Materializer.matFromSystem(system)));
  }

  String content(String blobId) throws Exception {
    return bytes(blobId).utf8String();
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
