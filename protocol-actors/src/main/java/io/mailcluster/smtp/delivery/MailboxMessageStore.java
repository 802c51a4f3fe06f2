package io.mailcluster.smtp.delivery;

import io.mailcluster.blob.BlobRef;
import io.mailcluster.control.ControlData;
import io.mailcluster.mailbox.AppendRequest;
import io.mailcluster.mailbox.FolderAppender;
import io.mailcluster.quota.AccountUsage;
import io.mailcluster.quota.Quota;
import io.mailcluster.smtp.session.StoreFailure;
import io.mailcluster.storage.IngestedMessage;
import io.mailcluster.storage.MessageIngest;
import io.mailcluster.transport.QueuedUpload;
import io.mailcluster.smtp.session.SessionEffect;
import io.mailcluster.smtp.transport.MessageStore;
import io.mailcluster.smtp.transport.MessageUpload;
import io.mailcluster.smtp.transport.StoreFailedException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted mail: the message is streamed through {@link MessageIngest} once (one blob
 * however many recipients, its MIME metadata computed on the way and stored by blob id), then appended to each recipient's INBOX through the {@link FolderAppender}
 * (group commit). The commit succeeds only when the blob's manifest and every append event are
 * persisted (and the metadata row, which the ingest writes before it completes), so the
 * client's 250 means durable (DESIGN rule 1).
 *
 * <p><b>Streaming.</b> {@link #begin} materializes the blob sink behind a {@link QueuedUpload}
 * with a small buffer and the backpressure strategy: an offer's stage completes only when the
 * chunk is enqueued, so a slow store slows the client (the connection stage waits for it before
 * reading more). Memory per upload stays bounded by that buffer plus the blob store's
 * chunk-size x write-parallelism; nothing blocks a thread.
 *
 * <p><b>Quota.</b> At commit, when the message's size is known, every recipient's quota is asked
 * (all at once, through {@link AccountUsage}) <em>before</em> the blob upload is ended: when the
 * message fits in none of the recipients' mailboxes ({@link QuotaRules#admitsMessage}) the upload
 * is aborted, nothing is appended and the commit fails with {@link StoreFailedException}
 * OVER_QUOTA (552 5.2.2). When some have room, every recipient gets it (one reply per
 * transaction; mail is never dropped silently). A quota that cannot be computed fails the commit
 * TEMPORARY (451 4.3.0). The check is a soft limit: see {@link AccountUsage}. The size counted is
 * what is stored (trace headers included), the same octets the folders' sizes sum.
 *
 * <p><b>Failures.</b> Any failure (blob write, INBOX lookup, append, timeout) fails the commit
 * with {@link StoreFailedException} TEMPORARY (451 4.3.0): nothing is acknowledged. Appends
 * that succeeded before another recipient's failed are <em>not</em> undone (an event is never
 * taken back); when the client retries, those recipients drop the repeat (see below).
 *
 * <p><b>Idempotency.</b> Each append carries a key derived from what the client sent (reverse-path,
 * content without our trace headers) and the mailbox: see {@link DeliveryFingerprint}. So an
 * append retried within the transaction (an ask that timed out, a batch resent after a crash of
 * the folder's node) counts once, and so does the client's retry of the whole transaction after
 * a 451: recipients that already have the message drop the repeat, the others get it. The
 * folder remembers its last keys (mail-cluster.folder.idempotency-keys); a retry that comes
 * after more appends than that to the same folder would duplicate.
 *
 * <p><b>Abort</b> fails the queue, which cancels the blob upload; chunks already written stay in
 * the chunk table unreferenced (garbage a later sweep may collect; no event points at them).
 */
public final class MailboxMessageStore implements MessageStore {

  private static final Logger log = LoggerFactory.getLogger(MailboxMessageStore.class);

  /** Chunks (as the connection hands them over) waiting for the blob sink. */
  static final int QUEUE_BUFFER = 8;

  private final Materializer materializer;
  private final Supplier<Sink<ByteString, CompletionStage<BlobRef>>> blobSink;
  private final Function<String, CompletionStage<String>> inboxOf;
  private final BiFunction<String, AppendRequest, CompletionStage<?>> append;
  private final Function<String, CompletionStage<Quota>> quotaOf;
  private final Clock clock;

  public MailboxMessageStore(ActorSystem<?> system, MessageIngest ingest, ControlData controlData,
      FolderAppender appender, AccountUsage usage) {
    this(Materializer.matFromSystem(system),
        () -> ingest.sink().mapMaterializedValue(stored -> stored.thenApply(IngestedMessage::blob)),
        controlData::inbox, appender::append, usage::of,
        Clock.systemUTC());
  }

  MailboxMessageStore(Materializer materializer,
      Supplier<Sink<ByteString, CompletionStage<BlobRef>>> blobSink,
      Function<String, CompletionStage<String>> inboxOf,
      BiFunction<String, AppendRequest, CompletionStage<?>> append,
      Function<String, CompletionStage<Quota>> quotaOf, Clock clock) {
    this.materializer = materializer;
    this.blobSink = blobSink;
    this.inboxOf = inboxOf;
    this.append = append;
    this.quotaOf = quotaOf;
    this.clock = clock;
  }

  @Override
  public MessageUpload begin(SessionEffect.Envelope envelope, String messageId) {
    return new Upload(envelope, messageId,
        QueuedUpload.start(blobSink.get(), QUEUE_BUFFER, materializer, "blob upload of " + messageId));
  }

  private final class Upload implements MessageUpload {

    private final List<String> recipients;
    private final DeliveryFingerprint fingerprint;
    private final String messageId;
    private final QueuedUpload<BlobRef> upload;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Octets offered so far: the stored message's size once the content is complete. */
    private final AtomicLong octets = new AtomicLong();

    Upload(SessionEffect.Envelope envelope, String messageId,
        QueuedUpload<BlobRef> upload) {
      this.recipients = envelope.recipients();
      this.fingerprint = new DeliveryFingerprint(envelope.reversePath());
      this.messageId = messageId;
      this.upload = upload;
    }

    @Override
    public CompletionStage<Void> offer(ByteString chunk) {
      fingerprint.update(chunk);
      octets.addAndGet(chunk.size());
      return upload.offer(chunk);
    }

    @Override
    public CompletionStage<Void> commit() {
      if (!finished.compareAndSet(false, true)) {
        return CompletableFuture.failedStage(temporary("upload already finished", null));
      }
      DeliveryFingerprint.Keys keys = fingerprint.finish();
      long size = octets.get();
      return admitted(size)
          .whenComplete((fits, refused) -> {
            if (refused != null) {
              upload.abort(new UploadAborted(messageId)); // nothing of it will be referenced
            }
          })
          .thenCompose(fits -> upload.finish())
          .thenCompose(stored -> appendToAll(stored, keys))
          .handle((done, failure) -> {
            if (failure != null) {
              Throwable cause = unwrap(failure);
              if (cause instanceof StoreFailedException s && s.failure() == StoreFailure.OVER_QUOTA) {
                log.info("SMTP message {} refused: {}", messageId, s.getMessage());
              } else {
                log.warn("SMTP message {} for {} not stored: {}", messageId, recipients,
                    cause.toString());
              }
              throw cause instanceof StoreFailedException s
                  ? s : temporary("storage failed: " + cause, cause);
            }
            return null;
          });
    }

    /**
     * Completes when the message of {@code size} octets fits in some recipient's mailbox; fails
     * OVER_QUOTA when it fits in none, or as the quota asks failed.
     */
    private CompletionStage<Void> admitted(long size) {
      List<CompletableFuture<Quota>> quotas = recipients.stream()
          .map(mailbox -> quotaOf(mailbox).toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(quotas.toArray(CompletableFuture[]::new))
          .thenApply(done -> {
            if (!QuotaRules.admitsMessage(quotas.stream().map(CompletableFuture::join).toList(), size)) {
              throw new StoreFailedException(StoreFailure.OVER_QUOTA,
                  size + " octets exceed the quota of " + recipients);
            }
            return null;
          });
    }

    private CompletionStage<Quota> quotaOf(String mailbox) {
      try {
        return quotaOf.apply(mailbox);
      } catch (RuntimeException e) {
        return CompletableFuture.failedStage(e);
      }
    }

    /** One append per recipient, all in flight at once; completes when every one is persisted. */
    private CompletionStage<Void> appendToAll(BlobRef stored, DeliveryFingerprint.Keys keys) {
      Instant now = clock.instant();
      CompletableFuture<?>[] appends = recipients.stream()
          .map(mailbox -> inboxOf.apply(mailbox)
              .thenCompose(inbox -> append.apply(inbox, new AppendRequest(
                  keys.forMailbox(mailbox), stored.id(), stored.size(), now, null)))
              .toCompletableFuture())
          .toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(appends);
    }

    @Override
    public void abort() {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      try {
        upload.abort(new UploadAborted(messageId));
      } catch (RuntimeException e) {
        log.debug("SMTP message {}: abort of a finished upload", messageId, e);
      }
    }
  }

  /** Why an aborted message's blob upload stopped. */
  static final class UploadAborted extends RuntimeException {
    UploadAborted(String messageId) {
      super("message " + messageId + " aborted", null, false, false);
    }
  }

  private static StoreFailedException temporary(String message, Throwable cause) {
    StoreFailedException e = new StoreFailedException(StoreFailure.TEMPORARY, message);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
