package io.mailcluster.mailbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The appends of one Append or AppendBatch command, planned against the folder's state: uids and
 * mod-sequences handed out in order, idempotency keys already applied or seen earlier in the batch.
 */
final class AppendPlan {
  private final Folder.Active state;
  private final List<Folder.Event> events = new ArrayList<>();
  private final Map<String, Long> keysInBatch = new HashMap<>();
  private long uid;
  private long modSeq;

  AppendPlan(Folder.Active state) {
    this.state = state;
    this.uid = state.uidNext();
    this.modSeq = state.highestModSeq();
  }

  /** The result of appending {@code request}; null if the uid space is exhausted. */
  AppendResult add(AppendRequest request) {
    OptionalLong applied = state.appliedKeys().uidFor(request.idempotencyKey());
    Long inBatch = keysInBatch.get(request.idempotencyKey());
    if (applied.isPresent() || inBatch != null) {
      long earlier = applied.isPresent() ? applied.getAsLong() : inBatch;
      return new AppendResult(earlier, state.uidValidity(), true);
    }
    if (uid > Folder.MAX_UID) {
      return null;
    }
    modSeq++;
    events.add(new Folder.MessageAppended(uid, request.blobId(), request.size(),
        request.internalDate(), Flags.canonical(request.flags()), modSeq,
        request.idempotencyKey()));
    keysInBatch.put(request.idempotencyKey(), uid);
    return new AppendResult(uid++, state.uidValidity(), false);
  }

  /** The events to persist, in one atomic write. */
  List<Folder.Event> events() {
    return events;
  }
}
