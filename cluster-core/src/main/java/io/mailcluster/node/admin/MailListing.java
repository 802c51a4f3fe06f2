package io.mailcluster.node.admin;

import io.mailcluster.blob.BlobStore;
import io.mailcluster.control.ControlData;
import io.mailcluster.control.FolderRef;
import io.mailcluster.control.FolderTree;
import io.mailcluster.control.Rejection;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderSettings;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.MessagePage;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.mime.EnvelopeAddress;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MimeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The operator's read-only view of an account's folders and of a folder's messages. From and
 * Subject are read from the header block of each message's blob only (never the body), a few
 * messages at a time.
 */
final class MailListing {

  /** The most bytes read from a blob to find its header block. */
  static final int MAX_HEADER_BYTES = 64 * 1024;
  /** Blobs read at once for one page. */
  static final int PARALLELISM = 8;

  record FolderInfo(String name, String folderId, String specialUse, boolean subscribed) {}

  record Folders(String address, List<FolderInfo> folders) {}

  record MessageInfo(
      long uid, long size, Instant internalDate, List<String> flags, String from, String subject) {}

  record Page(String address, String folder, String folderId, List<MessageInfo> messages, Long next) {}

  /** The blob store is not set up yet (Cassandra not there since start): 503. */
  private final ControlData controlData;
  private final BlobStoreHolder blobStore;
  private final FolderService folders;
  private final Duration askTimeout;
  private final MetadataExtractor extractor;
  private final Executor blocking;
  private final Materializer materializer;

  MailListing(ActorSystem<?> system, ControlData controlData, BlobStoreHolder blobStore) {
    this.controlData = controlData;
    this.blobStore = blobStore;
    this.folders = new FolderService(system);
    this.askTimeout = FolderSettings.fromConfig(system.settings().config()).askTimeout();
    this.extractor = new MetadataExtractor(MimeSettings.fromConfig(system.settings().config()));
    this.blocking = MetadataExtractor.dispatcher(system);
    this.materializer = Materializer.matFromSystem(system);
  }

  CompletionStage<Folders> folders(String address) {
    return controlData.folders(address).thenApply(tree -> new Folders(tree.address(),
        tree.folders().stream()
            .map(f -> new FolderInfo(f.name(), f.folderId(), f.specialUse(), f.subscribed()))
            .toList()));
  }

  CompletionStage<Page> messages(String address, String folderName, long fromUid) {
    if (fromUid < 1) {
      return CompletableFuture.failedStage(Rejection.invalid("from must be a uid of at least 1"));
    }
    return controlData.folders(address).thenCompose(tree -> {
      FolderRef ref = folderOf(tree, folderName);
      BlobStore blobs = blobStore.get().orElseThrow(() -> new NotReady("the blob store"));
      return folders.folder(ref.folderId())
          .<MessagePage>askWithStatus(
              r -> new Folder.Fetch(List.of(UidRange.from(fromUid)), r), askTimeout)
          .thenCompose(page -> Source.from(page.entries())
              .mapAsync(PARALLELISM, entry -> describe(blobs, entry))
              .runWith(Sink.seq(), materializer)
              .thenApply(messages -> new Page(tree.address(), ref.name(), ref.folderId(), messages,
                  page.nextUid().isPresent() ? page.nextUid().getAsLong() : null)));
    });
  }

  private static FolderRef folderOf(FolderTree tree, String name) {
    return tree.folder(name).orElseThrow(
        () -> Rejection.notFound("account " + tree.address() + " has no folder " + name));
  }

  private CompletionStage<MessageInfo> describe(BlobStore blobs, MessageEntry entry) {
    return headerBlock(blobs, entry.blobId())
        .thenApplyAsync(this::metadata, blocking)
        .handle((metadata, failure) -> new MessageInfo(entry.uid(), entry.size(),
            entry.internalDate(), List.copyOf(entry.flags()),
            failure == null ? from(metadata) : null,
            failure == null ? metadata.subject() : null));
  }

  /** The first From mailbox as "Name <local@host>", or its address, or the raw decoded field. */
  static String from(MessageMetadata metadata) {
    String display = metadata.from();
    if (metadata.envelope() == null || metadata.envelope().from() == null) {
      return display;
    }
    for (EnvelopeAddress address : metadata.envelope().from()) {
      if (address.isGroupStart() || address.isGroupEnd() || address.mailbox() == null) {
        continue;
      }
      String mailbox = address.host() == null || address.host().isEmpty()
          ? address.mailbox() : address.mailbox() + "@" + address.host();
      boolean named = address.name() != null && !address.name().isBlank();
      return named && display != null ? display + " <" + mailbox + ">" : mailbox;
    }
    return display;
  }

  private MessageMetadata metadata(byte[] header) {
    try {
      return extractor.extract(new ByteArrayInputStream(header));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The blob's bytes up to and including its first empty line, at most 64 KiB. */
  private CompletionStage<byte[]> headerBlock(BlobStore blobs, String blobId) {
    HeaderCollector collector = new HeaderCollector(MAX_HEADER_BYTES);
    return blobs.source(blobId)
        .takeWhile(collector::add, true)
        .runWith(Sink.ignore(), materializer)
        .thenApply(done -> collector.header());
  }

  /** Collects chunks until the header block ends or the limit is reached. */
  static final class HeaderCollector {
    private final int limit;
    private ByteString bytes = ByteString.emptyByteString();

    HeaderCollector(int limit) {
      this.limit = limit;
    }

    /** Adds a chunk; answers whether more bytes are wanted. */
    boolean add(ByteString chunk) {
      if (bytes.size() < limit) {
        bytes = bytes.concat(chunk.take(limit - bytes.size()));
      }
      return headerEnd(bytes) < 0 && bytes.size() < limit;
    }

    byte[] header() {
      int end = headerEnd(bytes);
      return (end < 0 ? bytes : bytes.take(end)).toArray();
    }

    /** The offset just after the first empty line (CRLF CRLF or LF LF), or -1. */
    static int headerEnd(ByteString bytes) {
      for (int i = 0; i + 1 < bytes.size(); i++) {
        if (bytes.apply(i) == '\n') {
          if (bytes.apply(i + 1) == '\n') {
            return i + 2;
          }
          if (i + 2 < bytes.size() && bytes.apply(i + 1) == '\r' && bytes.apply(i + 2) == '\n') {
            return i + 3;
          }
        }
      }
      return -1;
    }
  }
}
