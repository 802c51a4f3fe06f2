package io.mailcluster.pop3.delivery;

import io.mailcluster.blob.BlobStore;
import io.mailcluster.control.ControlData;
import io.mailcluster.control.MailAddress;
import io.mailcluster.lock.MaildropLocks;
import io.mailcluster.mailbox.Expunged;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderService;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mailbox.MessagePage;
import io.mailcluster.mailbox.UidRange;
import io.mailcluster.pop3.session.Maildrop;
import io.mailcluster.pop3.transport.Pop3Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP3 on the cluster: logins through the shared control data, the maildrop lock as a lease in
 * Cassandra ({@link MaildropLocks}, renewed while the session lives), the INBOX read from and
 * expunged in its {@link Folder} entity, bodies streamed from the {@link BlobStore}.
 *
 * <p>A session that lost its lease (Cassandra unreachable for longer than the lease) may go on
 * reading, but its QUIT commits nothing: the commit first checks the lease is still its own.
 */
public final class ClusterPop3Backend implements Pop3Backend {

  private static final Logger log = LoggerFactory.getLogger(ClusterPop3Backend.class);

  private final ActorSystem<?> system;
  private final ControlData controlData;
  private final FolderService folders;
  private final MaildropLocks locks;
  private final BlobStore blobs;
  private final Duration askTimeout;
  /** Renewal timers of the leases this node's sessions hold, by session id. */
  private final Map<String, Cancellable> renewals = new ConcurrentHashMap<>();

  public ClusterPop3Backend(ActorSystem<?> system, ControlData controlData, FolderService folders,
      MaildropLocks locks, BlobStore blobs, Duration askTimeout) {
    this.system = system;
    this.controlData = controlData;
    this.folders = folders;
    this.locks = locks;
    this.blobs = blobs;
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<Optional<String>> authenticate(String user, String password) {
    String account;
    try {
      account = MailAddress.parse(user).address();
    } catch (IllegalArgumentException notAnAddress) {
      // same answer as a wrong password, after the same work (ControlData hashes anyway)
      return controlData.verifyPassword(user, password).thenApply(ok -> Optional.empty());
    }
    return controlData.verifyPassword(account, password)
        .thenApply(ok -> ok ? Optional.of(account) : Optional.empty());
  }

  @Override
  public CompletionStage<Optional<Maildrop>> open(String account, String sessionId) {
    return locks.acquire(account, sessionId).thenCompose(acquired -> {
      if (!acquired) {
        return CompletableFuture.completedStage(Optional.<Maildrop>empty());
      }
      startRenewing(account, sessionId);
      return list(account)
          .thenApply(Optional::of)
          .exceptionallyCompose(failure -> {
            release(account, sessionId);
            return CompletableFuture.failedStage(failure);
          });
    });
  }

  private CompletionStage<Maildrop> list(String account) {
    return controlData.inbox(account).thenCompose(inbox -> folders.folder(inbox)
        .<FolderStatus>askWithStatus(Folder.Status::new, askTimeout)
        .thenCompose(status -> page(inbox, 1, new ArrayList<>())
            .thenApply(messages -> new Maildrop(account, inbox, status.uidValidity(), messages))));
  }

  /** Reads the index page by page (a page is bounded by the folder's max-fetch). */
  private CompletionStage<List<Maildrop.Message>> page(
      String inbox, long fromUid, List<Maildrop.Message> into) {
    return folders.folder(inbox)
        .<MessagePage>askWithStatus(r -> new Folder.Fetch(List.of(UidRange.from(fromUid)), r), askTimeout)
        .thenCompose(page -> {
          for (MessageEntry entry : page.entries()) {
            into.add(new Maildrop.Message(entry.uid(), entry.size(), entry.blobId()));
          }
          return page.nextUid().isPresent()
              ? page(inbox, page.nextUid().getAsLong(), into)
              : CompletableFuture.completedStage(into);
        });
  }

  @Override
  public CompletionStage<Void> commit(Maildrop maildrop, SortedSet<Long> uids, String sessionId) {
    return locks.renew(maildrop.account(), sessionId)
        .thenCompose(stillHeld -> {
          if (!stillHeld) {
            throw new IllegalStateException("the maildrop lease of " + maildrop.account()
                + " ran out; deletions not committed");
          }
          return folders.folder(maildrop.folderId())
              .<Expunged>askWithStatus(r -> new Folder.Expunge(uids, false, r), askTimeout);
        })
        .thenCompose(expunged -> {
          release(maildrop.account(), sessionId);
          return CompletableFuture.<Void>completedStage(null);
        });
  }

  @Override
  public void release(String account, String sessionId) {
    Cancellable renewal = renewals.remove(sessionId);
    if (renewal != null) {
      renewal.cancel();
    }
    locks.release(account, sessionId).whenComplete((done, failure) -> {
      if (failure != null) {
        log.warn("POP3 {}: could not release the maildrop of {} (it expires within {}): {}",
            sessionId, account, locks.settings().lease(), failure.toString());
      }
    });
  }

  @Override
  public Source<ByteString, NotUsed> message(String blobId) {
    return blobs.source(blobId);
  }

  private void startRenewing(String account, String sessionId) {
    Duration every = locks.settings().renewInterval();
    Cancellable timer = system.scheduler().scheduleWithFixedDelay(every, every, () ->
        locks.renew(account, sessionId).whenComplete((held, failure) -> {
          if (failure != null || !held) {
            log.warn("POP3 {}: maildrop lease of {} not renewed: {}", sessionId, account,
                failure != null ? failure.toString() : "held by another session now");
          }
        }), system.executionContext());
    renewals.put(sessionId, timer);
  }
}
