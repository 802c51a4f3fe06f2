package io.mailcluster.mailbox;

import io.mailcluster.control.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The appends of one Append or AppendBatch command, planned against the folder's state: uids and
 * mod-sequences handed out in order, idempotency keys already applied or seen earlier in the batch,
 * and the folder's limits (the uid space, {@code max-messages}).
 */
final class AppendPlan {
  private final Folder.Active state;
  private final long maxMessages;
  private final List<Folder.Event> events = new ArrayList<>();
  private final Map<String, Long> keysInBatch = new HashMap<>();
  private long uid;
  private long modSeq;
  private Rejection refusal;

  AppendPlan(Folder.Active state, long maxMessages) {
    this.state = state;
    this.maxMessages = maxMessages;
    this.uid = state.uidNext();
    this.modSeq = state.highestModSeq();
  }

  /** The result of appending {@code request}; null if a limit refuses it (see {@link #refusal}). */
  AppendResult add(AppendRequest request) {
    OptionalLong applied = state.appliedKeys().uidFor(request.idempotencyKey());
    Long inBatch = keysInBatch.get(request.idempotencyKey());
    if (applied.isPresent() || inBatch != null) {
      long earlier = applied.isPresent() ? applied.getAsLong() : inBatch;
      return new AppendResult(earlier, state.uidValidity(), true);
    }
    if (uid > Folder.MAX_UID) {
      refusal = Rejection.conflict("folder " + state.folderId() + " has used up its uids");
      return null;
    }
    if (state.messages().size() + events.size() >= maxMessages) {
      // The cap keeps the folder's snapshot under Cassandra's mutation size (see FolderSnapshot).
      refusal = Rejection.conflict("folder " + state.folderId() + " is full: it holds "
          + state.messages().size() + " messages, at most " + maxMessages + " allowed");
      return null;
    }
    modSeq++;
    events.add(new Folder.MessageAppended(uid, request.blobId(), request.size(),
        request.internalDate(), Flags.canonical(request.flags()), modSeq,
        request.idempotencyKey()));
    keysInBatch.put(request.idempotencyKey(), uid);
    return new AppendResult(uid++, state.uidValidity(), false);
  }

  /** Why the last {@link #add} answered null. */
  Rejection refusal() {
    return refusal;
  }

  /** The events to persist, in one atomic write. */
  List<Folder.Event> events() {
    return events;
  }
}
