package io.mailcluster.imap.delivery;

import io.mailcluster.blob.BlobStore;
import io.mailcluster.control.ControlData;
import io.mailcluster.control.FolderTree;
import io.mailcluster.imap.session.AppendUpload;
import io.mailcluster.imap.session.ImapBackend;
import io.mailcluster.imap.session.MailboxChanges;
import io.mailcluster.login.PasswordLogin;
import io.mailcluster.mailbox.AppendResult;
import io.mailcluster.mailbox.CopyResult;
import io.mailcluster.mailbox.Expunged;
import io.mailcluster.mailbox.FlagMode;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderChanged;
import io.mailcluster.mailbox.FolderNotifications;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.StoreResult;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataStore;
import io.mailcluster.quota.AccountUsage;
import io.mailcluster.quota.Quota;
import io.mailcluster.storage.IngestedMessage;
import io.mailcluster.storage.MessageIngest;
import io.mailcluster.transport.QueuedUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * IMAP on the cluster: logins (recorded on the account as "imap", see {@link PasswordLogin}) and
 * folder trees through the shared control data, messages in
 * their {@link Folder} entities (the single writer of uids, flags and mod-sequences), bodies
 * streamed from the {@link BlobStore}, parsed metadata from the {@link MetadataStore}, APPENDs
 * through {@link MessageIngest} (blob and metadata durable before the append event), quotas
 * through {@link AccountUsage}, and change notifications through the cluster's pub-sub.
 */
public final class ClusterImapBackend implements ImapBackend {

  /** APPEND chunks waiting for the blob sink (backpressure beyond it). */
  private static final int QUEUE_BUFFER = 8;

  private final ActorSystem<?> system;
  private final ControlData controlData;
  private final PasswordLogin logins;
  private final FolderService folders;
  private final AccountUsage usage;
  private final Supplier<Storage> storage;
  private final Duration askTimeout;
  private final Materializer materializer;
  private final AtomicLong watchers = new AtomicLong();

  /** The node's Cassandra tables beyond the journal, once they are reachable. */
  public record Storage(BlobStore blobs, MetadataStore metadata, MessageIngest ingest) {}

  /**
   * @param storage the blob and metadata stores, or null while the node has not reached them
   *     yet (then reading and appending messages answer NO [UNAVAILABLE])
   */
  public ClusterImapBackend(ActorSystem<?> system, ControlData controlData, FolderService folders,
      Supplier<Storage> storage, Duration askTimeout) {
    this.system = system;
    this.controlData = controlData;
    this.logins = new PasswordLogin(controlData, PasswordLogin.IMAP);
    this.folders = folders;
    this.usage = new AccountUsage(controlData, folders);
    this.storage = storage;
    this.askTimeout = askTimeout;
    this.materializer = Materializer.matFromSystem(system);
  }

  @Override
  public CompletionStage<Optional<String>> authenticate(
      String user, String password, String clientAddress) {
    return logins.check(user, password, clientAddress);
  }

  @Override
  public CompletionStage<FolderTree> folders(String account) {
    return controlData.folders(account);
  }

  @Override
  public CompletionStage<FolderTree> createFolder(String account, String name, String specialUse) {
    return controlData.createFolder(account, name, specialUse);
  }

  @Override
  public CompletionStage<FolderTree> deleteFolder(String account, String name) {
    return controlData.deleteFolder(account, name);
  }

  @Override
  public CompletionStage<FolderTree> renameFolder(String account, String from, String to) {
    return controlData.renameFolder(account, from, to);
  }

  @Override
  public CompletionStage<FolderTree> setSubscribed(String account, String name, boolean subscribed) {
    return controlData.setSubscribed(account, name, subscribed);
  }

  @Override
  public CompletionStage<FolderStatus> status(String folderId) {
    return folders.status(folderId);
  }

  @Override
  public CompletionStage<long[]> uids(String folderId) {
    return folders.uids(folderId);
  }

  @Override
  public CompletionStage<MailboxChanges> changes(String folderId, long sinceModSeq, long knownUidNext) {
    return folders.changes(folderId, sinceModSeq, knownUidNext).thenApply(c -> new MailboxChanges(
        c.uidValidity(), c.uidNext(), c.highestModSeq(), c.messages(), c.added(), c.flagsChanged(),
        c.flagsComplete(), c.expunged(), c.expungedKnown()));
  }

  @Override
  public CompletionStage<List<MessageEntry>> entries(String folderId, List<UidRange> ranges) {
    return folders.entries(folderId, ranges);
  }

  @Override
  public CompletionStage<MessageMetadata> metadata(String blobId) {
    Storage ready = storage.get();
    if (ready == null) {
      return CompletableFuture.failedStage(new IllegalStateException("storage not ready"));
    }
    return ready.metadata().get(blobId).thenApply(found -> found.orElseThrow(() ->
        new IllegalStateException("no metadata for blob " + blobId)));
  }

  @Override
  public Source<ByteString, NotUsed> content(String blobId, long offset, long length) {
    Storage ready = storage.get();
    return ready == null ? Source.failed(new IllegalStateException("storage not ready"))
        : ready.blobs().source(blobId, offset, length);
  }

  @Override
  public CompletionStage<StoreResult> store(String folderId, SortedSet<Long> uids, FlagMode mode,
      SortedSet<String> flags, OptionalLong unchangedSince) {
    return folders.store(folderId, uids, mode, flags, unchangedSince);
  }

  @Override
  public CompletionStage<Expunged> expunge(String folderId, SortedSet<Long> uids) {
    return folders.expunge(folderId, uids);
  }

  /** Each COPY command is its own operation: copying a message twice on purpose makes two. */
  @Override
  public CompletionStage<CopyResult> copy(String fromFolderId, String toFolderId, List<Long> uids) {
    return folders.copy(fromFolderId, toFolderId, uids, UUID.randomUUID().toString());
  }

  @Override
  public CompletionStage<CopyResult> move(String fromFolderId, String toFolderId, List<Long> uids) {
    return folders.move(fromFolderId, toFolderId, uids);
  }

  @Override
  public CompletionStage<Quota> quota(String account) {
    return usage.of(account);
  }

  @Override
  public AppendUpload append(String folderId, SortedSet<String> flags, Instant internalDate) {
    QueuedUpload<IngestedMessage> upload = QueuedUpload.start(storage().ingest().sink(), QUEUE_BUFFER,
        materializer, "the APPENDed message's upload");
    return new AppendUpload() {
      @Override
      public CompletionStage<Void> offer(ByteString chunk) {
        return upload.offer(chunk);
      }

      @Override
      public CompletionStage<AppendResult> commit() {
        // a fresh key: an APPEND the client repeats is a new message, as on any IMAP server
        String key = "imap:" + UUID.randomUUID();
        return upload.finish().thenCompose(stored -> folders.folder(folderId)
            .askWithStatus(r -> new Folder.Append(new io.mailcluster.mailbox.AppendRequest(key,
                stored.blob().id(), stored.blob().size(), internalDate, flags), r), askTimeout));
      }

      @Override
      public void abort() {
        upload.abort(new IllegalStateException("APPEND aborted"));
      }
    };
  }

  private Storage storage() {
    Storage ready = storage.get();
    if (ready == null) {
      throw new IllegalStateException("storage not ready");
    }
    return ready;
  }

  /** Ends a watch's listener. */
  private enum Stop { INSTANCE }

  @Override
  public Watch watch(String folderId, Runnable onChange) {
    Behavior<Object> listener = Behaviors.receive(Object.class)
        .onMessage(FolderChanged.class, changed -> {
          onChange.run();
          return Behaviors.same();
        })
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
    ActorRef<Object> ref = system.systemActorOf(listener,
        "imap-watch-" + watchers.incrementAndGet(), Props.empty());
    FolderNotifications.subscribe(system, folderId, ref.narrow());
    // stopping the listener is enough: the topic watches its subscribers
    return () -> ref.tell(Stop.INSTANCE);
  }
}
