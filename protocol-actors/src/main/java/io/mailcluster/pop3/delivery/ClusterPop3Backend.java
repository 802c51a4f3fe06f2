package io.mailcluster.pop3.delivery;

import io.mailcluster.blob.BlobStore;
import io.mailcluster.control.ControlData;
import io.mailcluster.lock.MaildropLocks;
import io.mailcluster.login.PasswordLogin;
import io.mailcluster.mailbox.Expunged;
import io.mailcluster.mailbox.ExpungeCause;
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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP3 on the cluster: logins through the shared control data (recorded on the account as
 * "pop3", see {@link PasswordLogin}), the maildrop lock as a lease in
 * Cassandra ({@link MaildropLocks}, renewed while the session lives), the INBOX read from and
 * expunged in its {@link Folder} entity, bodies streamed from the {@link BlobStore}.
 *
 * <p>A session that lost its lease (Cassandra unreachable for longer than the lease) may go on
 * reading, but its QUIT commits nothing: the commit first checks the lease is still its own.
 */
public final class ClusterPop3Backend implements Pop3Backend {

  private static final Logger log = LoggerFactory.getLogger(ClusterPop3Backend.class);
  static final int EXPUNGE_SLICE = 2000;

  private final ActorSystem<?> system;
  private final ControlData controlData;
  private final PasswordLogin logins;
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
    this.logins = new PasswordLogin(controlData, PasswordLogin.POP3);
    this.folders = folders;
    this.locks = locks;
    this.blobs = blobs;
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<Optional<String>> authenticate(
      String user, String password, String clientAddress) {
    return logins.check(user, password, clientAddress);
  }

  @Override
  public CompletionStage<Optional<Maildrop>> open(String account, String sessionId) {
    return locks.acquire(account, sessionId).exceptionallyCompose(failure -> {
      // a compare-and-set that timed out may still have been applied: take no chances
      locks.release(account, sessionId);
      return CompletableFuture.failedStage(failure);
    }).thenCompose(acquired -> {
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
        .thenCompose(status -> {
          LongStream.Builder uids = LongStream.builder();
          LongStream.Builder sizes = LongStream.builder();
          return page(inbox, 1, uids, sizes).thenApply(done -> new Maildrop(account, inbox,
              status.uidValidity(), uids.build().toArray(), sizes.build().toArray()));
        }));
  }

  /** Reads the index page by page (a page is bounded by the folder's max-fetch). */
  private CompletionStage<Void> page(
      String inbox, long fromUid, LongStream.Builder uids, LongStream.Builder sizes) {
    return fetch(inbox, UidRange.from(fromUid)).thenCompose(page -> {
      for (MessageEntry entry : page.entries()) {
        uids.add(entry.uid());
        sizes.add(entry.size());
      }
      return page.nextUid().isPresent()
          ? page(inbox, page.nextUid().getAsLong(), uids, sizes)
          : CompletableFuture.completedStage(null);
    });
  }

  private CompletionStage<MessagePage> fetch(String inbox, UidRange range) {
    return folders.folder(inbox)
        .askWithStatus(r -> new Folder.Fetch(List.of(range), r), askTimeout);
  }

  /**
   * Expunges in slices of {@value #EXPUNGE_SLICE} uids (a command and its answer stay far
   * below the remote message size limit), then releases the lock. A failure part way leaves
   * the earlier slices removed: the client is told that some messages may not be.
   */
  @Override
  public CompletionStage<Void> commit(Maildrop maildrop, SortedSet<Long> uids, String sessionId) {
    return locks.renew(maildrop.account(), sessionId)
        .thenCompose(stillHeld -> {
          if (!stillHeld) {
            throw new IllegalStateException("the maildrop lease of " + maildrop.account()
                + " ran out; deletions not committed");
          }
          CompletionStage<Void> done = CompletableFuture.completedStage(null);
          List<Long> all = new ArrayList<>(uids);
          for (int from = 0; from < all.size(); from += EXPUNGE_SLICE) {
            SortedSet<Long> slice = new TreeSet<>(all.subList(from, Math.min(all.size(), from + EXPUNGE_SLICE)));
            done = done.thenCompose(previous -> folders.folder(maildrop.folderId())
                .<Expunged>askWithStatus(r -> Folder.Expunge.exactly(slice, ExpungeCause.POP3_DELETE, r), askTimeout)
                .thenApply(expunged -> null));
          }
          return done;
        })
        .thenApply(done -> {
          release(maildrop.account(), sessionId);
          return null;
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
  public CompletionStage<Source<ByteString, NotUsed>> message(Maildrop maildrop, long uid) {
    return fetch(maildrop.folderId(), UidRange.of(uid)).thenCompose(page -> {
      if (page.entries().isEmpty()) {
        throw new IllegalStateException("message " + uid + " was expunged by another client");
      }
      String blobId = page.entries().get(0).blobId();
      return blobs.find(blobId).thenApply(found -> {
        if (found.isEmpty()) {
          throw new IllegalStateException("blob " + blobId + " of message " + uid + " is missing");
        }
        return blobs.source(blobId);
      });
    });
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
