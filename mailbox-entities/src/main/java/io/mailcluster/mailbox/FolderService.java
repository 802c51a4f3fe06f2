package io.mailcluster.mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.LongStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Folder operations for the protocols, through sharding: reads that follow a folder's pages
 * ({@link #uids}, {@link #entries}), one-ask wrappers ({@link #status}, {@link #changes},
 * {@link #store}, {@link #expunge}), each asking with {@code mail-cluster.folders.ask-timeout},
 * and the operations that span two folders: copy and move. Each folder changes atomically on its own; the
 * pair does not, so both are made safe to retry instead. The target's appends carry idempotency
 * keys derived from the source folder id, its UIDVALIDITY and the source uid: a copy retried
 * after a timeout or a crash appends nothing twice, and a move retried after its copy half
 * finishes the expunge. Works in chunks of {@code max-batch-size} messages, one atomic append
 * batch per chunk. Failures are those of the folders ({@code Rejection}) or of the asks
 * (timeouts).
 */
public final class FolderService {

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final int chunkSize;

  public FolderService(ActorSystem<?> system) {
    FolderSettings settings = FolderSettings.of(system);
    this.sharding = ClusterSharding.get(system);
    this.timeout = settings.askTimeout();
    this.chunkSize = settings.maxBatchSize();
  }

  public EntityRef<Folder.Command> folder(String folderId) {
    return sharding.entityRefFor(Folder.ENTITY_TYPE_KEY, folderId);
  }

  /** The folder's counters (IMAP STATUS / SELECT). */
  public CompletionStage<FolderStatus> status(String folderId) {
    return folder(folderId).askWithStatus(Folder.Status::new, timeout);
  }

  /** One page of the folder's whole state from {@code fromUid}, with its sequence number (audits). */
  public CompletionStage<FolderDescription> describe(String folderId, long fromUid) {
    return folder(folderId).askWithStatus(r -> new Folder.Describe(fromUid, r), timeout);
  }

  /**
   * What changed in the folder since {@code sinceModSeq}, for a client that knows the uids below
   * {@code knownUidNext}: one ask; see {@link FolderChanges} for the limits.
   */
  public CompletionStage<FolderChanges> changes(
      String folderId, long sinceModSeq, long knownUidNext) {
    return folder(folderId).askWithStatus(
        (replyTo) -> new Folder.Changes(sinceModSeq, knownUidNext, replyTo), timeout);
  }

  /** Every uid of the folder, ascending, following the pages of {@link Folder.Uids}. */
  public CompletionStage<long[]> uids(String folderId) {
    return uidsFrom(folderId, 1, LongStream.builder()).thenApply(LongStream.Builder::build)
        .thenApply(LongStream::toArray);
  }

  private CompletionStage<LongStream.Builder> uidsFrom(
      String folderId, long fromUid, LongStream.Builder uids) {
    return folder(folderId)
        .<UidList>askWithStatus((replyTo) -> new Folder.Uids(fromUid, replyTo), timeout)
        .thenCompose(page -> {
          for (UidRange run : page.runs()) {
            for (long uid = run.first(); uid <= run.last(); uid++) {
              uids.add(uid);
            }
          }
          return page.nextUid().isPresent()
              ? uidsFrom(folderId, page.nextUid().getAsLong(), uids)
              : CompletableFuture.completedStage(uids);
        });
  }

  /** The entries in {@code ranges}, in uid order, following the pages of {@link Folder.Fetch}. */
  public CompletionStage<List<MessageEntry>> entries(String folderId, List<UidRange> ranges) {
    return entriesFrom(folderId, UidRange.merged(ranges), new ArrayList<>());
  }

  private CompletionStage<List<MessageEntry>> entriesFrom(
      String folderId, List<UidRange> ranges, List<MessageEntry> entries) {
    if (ranges.isEmpty()) {
      return CompletableFuture.completedStage(entries);
    }
    return folder(folderId)
        .<MessagePage>askWithStatus((replyTo) -> new Folder.Fetch(ranges, replyTo), timeout)
        .thenCompose(page -> {
          entries.addAll(page.entries());
          if (page.nextUid().isEmpty()) {
            return CompletableFuture.completedStage(entries);
          }
          long next = page.nextUid().getAsLong();
          List<UidRange> rest = ranges.stream()
              .filter(r -> r.last() >= next)
              .map(r -> new UidRange(Math.max(r.first(), next), r.last()))
              .toList();
          return entriesFrom(folderId, rest, entries);
        });
  }

  /** Changes the flags of those of {@code uids} that exist (IMAP STORE); see {@link Folder.StoreFlags}. */
  public CompletionStage<StoreResult> store(String folderId, SortedSet<Long> uids, FlagMode mode,
      SortedSet<String> flags, OptionalLong unchangedSince) {
    return folder(folderId).askWithStatus(
        (replyTo) -> new Folder.StoreFlags(uids, mode, flags, unchangedSince, replyTo), timeout);
  }

  /**
   * Removes messages (IMAP EXPUNGE / UID EXPUNGE); see {@link Folder.Expunge}. No uids: every
   * {@code \Deleted} message; with uids: those of them flagged {@code \Deleted}.
   */
  public CompletionStage<Expunged> expunge(String folderId, SortedSet<Long> uids) {
    return folder(folderId).askWithStatus(
        (replyTo) -> Folder.Expunge.deletedAmong(uids, replyTo), timeout);
  }

  /**
   * Copies the messages of {@code uids} that exist in {@code from} to the end of {@code to}, with
   * their flags and internal dates (IMAP COPY). The same copy retried (same source messages, same
   * target) returns the uids of the first one. Copying the same message into the same folder
   * again on purpose needs {@link #copy(String, String, Collection, String)} with a new
   * operation id.
   */
  public CompletionStage<CopyResult> copy(String from, String to, Collection<Long> uids) {
    return transfer(from, to, uids, "", false);
  }

  /**
   * As {@link #copy(String, String, Collection)}, with {@code operationId} mixed into the
   * idempotency keys: retries of one operation share it, a deliberate new copy uses a new one.
   */
  public CompletionStage<CopyResult> copy(
      String from, String to, Collection<Long> uids, String operationId) {
    return transfer(from, to, uids, ":" + operationId, false);
  }

  /**
   * Copies, then expunges from {@code from} the messages copied (whatever their flags): IMAP
   * MOVE. A crash between the halves leaves the messages in both folders; retrying the move
   * completes it without duplicates.
   */
  public CompletionStage<CopyResult> move(String from, String to, Collection<Long> uids) {
    return transfer(from, to, uids, "", true);
  }

  private CompletionStage<CopyResult> transfer(
      String from, String to, Collection<Long> uids, String keySuffix, boolean expunge) {
    List<SortedSet<Long>> chunks = chunks(uids);
    CompletionStage<Progress> done = folder(to)
        .<FolderStatus>askWithStatus(Folder.Status::new, timeout)
        .thenApply(status -> new Progress(0, status.uidValidity(), new ArrayList<>()));
    for (SortedSet<Long> chunk : chunks) {
      done = done.thenCompose(p -> transferChunk(from, to, chunk, keySuffix, expunge, p));
    }
    return done.thenApply(p -> new CopyResult(p.sourceUidValidity, p.targetUidValidity, p.copied));
  }

  /** What the chunks done so far produced. */
  private record Progress(
      long sourceUidValidity, long targetUidValidity, List<CopyResult.Copied> copied) {}

  private CompletionStage<Progress> transferChunk(
      String from, String to, SortedSet<Long> chunk, String keySuffix, boolean expunge,
      Progress progress) {
    return folder(from)
        .<CopiedMessages>askWithStatus((replyTo) -> new Folder.CopyOut(chunk, replyTo), timeout)
        .thenCompose(source -> {
          if (source.entries().isEmpty()) {
            return CompletableFuture.completedStage(
                new Progress(source.uidValidity(), progress.targetUidValidity, progress.copied));
          }
          List<AppendRequest> requests = source.entries().stream()
              .map(e -> new AppendRequest(
                  copyKey(from, source.uidValidity(), e.uid()) + keySuffix,
                  e.blobId(), e.size(), e.internalDate(), e.flags()))
              .toList();
          return folder(to)
              .<AppendBatchResult>askWithStatus(
                  (replyTo) -> new Folder.AppendBatch(requests, replyTo), timeout)
              .thenCompose(appended -> {
                List<CopyResult.Copied> copied = new ArrayList<>(progress.copied);
                TreeSet<Long> sourceUids = new TreeSet<>();
                for (int i = 0; i < requests.size(); i++) {
                  long sourceUid = source.entries().get(i).uid();
                  AppendResult result = appended.results().get(i);
                  copied.add(new CopyResult.Copied(sourceUid, result.uid()));
                  sourceUids.add(sourceUid);
                }
                long targetUidValidity = appended.results().get(0).uidValidity();
                Progress next = new Progress(source.uidValidity(), targetUidValidity, copied);
                if (!expunge) {
                  return CompletableFuture.completedStage(next);
                }
                return folder(from)
                    .<Expunged>askWithStatus(
                        (replyTo) -> Folder.Expunge.exactly(sourceUids, ExpungeCause.MOVE, replyTo), timeout)
                    .thenApply(expunged -> next);
              });
        });
  }

  /** The idempotency key of the copy of one source message. */
  static String copyKey(String sourceFolderId, long sourceUidValidity, long sourceUid) {
    return "copy:" + sourceFolderId + ":" + sourceUidValidity + ":" + sourceUid;
  }

  private List<SortedSet<Long>> chunks(Collection<Long> uids) {
    List<SortedSet<Long>> chunks = new ArrayList<>();
    TreeSet<Long> current = new TreeSet<>();
    for (long uid : new TreeSet<>(uids)) {
      current.add(uid);
      if (current.size() == chunkSize) {
        chunks.add(current);
        current = new TreeSet<>();
      }
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }
}
