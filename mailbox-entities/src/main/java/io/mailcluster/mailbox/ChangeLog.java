package io.mailcluster.mailbox;

import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import scala.collection.immutable.Vector;
import scala.collection.immutable.Vector$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A live folder's recent history, so that "what changed since mod-sequence N" is answered from the
 * changes since N instead of a scan of every message: the recent flag changes and expunges (with
 * their uids) and runs of appends, oldest first. Bounded: it holds at most {@code
 * change-log-size} uids (an append run counts as one); beyond that the oldest changes are
 * forgotten and {@link #coversFrom()} moves up.
 *
 * <p>Transient: it is neither serialized nor stored in snapshots. A state rebuilt from a snapshot
 * starts with an empty log that covers from the snapshot's HIGHESTMODSEQ; events replayed after
 * the snapshot are added as they are applied. It is a cache derived from the journal, not part of
 * the folder's value: every ChangeLog equals every other, so {@link Folder.Active}'s equality
 * stays that of the folder's content (and a state that went through serialization still equals
 * the one it came from).
 *
 * <p>Immutable; updates share structure (a Scala {@code Vector}), so recording one change costs
 * O(log n), not a copy of the log.
 */
public final class ChangeLog {

  /** One logged change. */
  sealed interface Change {
    /** The newest mod-sequence of the change. */
    long modSeq();

    /** What it counts against the log's capacity. */
    int weight();
  }

  /** A {@link Folder.FlagsChanged}. */
  record Flagged(long modSeq, List<Long> uids) implements Change {
    @Override
    public int weight() {
      return uids.size();
    }
  }

  /** A {@link Folder.MessagesExpunged}. */
  record Removed(long modSeq, List<Long> uids) implements Change {
    @Override
    public int weight() {
      return uids.size();
    }
  }

  /** Consecutive appends, uids {@code firstUid..lastUid} (some maybe expunged since). */
  record Appended(long firstUid, long lastUid, long modSeq) implements Change {
    @Override
    public int weight() {
      return 1;
    }
  }

  private static final Vector<Change> NONE = Vector$.MODULE$.empty();

  private final Vector<Change> changes;
  private final long coversFrom;
  private final long weight;

  private ChangeLog(Vector<Change> changes, long coversFrom, long weight) {
    this.changes = changes;
    this.coversFrom = coversFrom;
    this.weight = weight;
  }

  /** An empty log that knows every change above {@code modSeq} (none yet). */
  public static ChangeLog coveringFrom(long modSeq) {
    return new ChangeLog(NONE, modSeq, 0);
  }

  /** Every change with a mod-sequence above this is in the log. */
  public long coversFrom() {
    return coversFrom;
  }

  /** Whether the log holds every change since {@code modSeq}. */
  boolean covers(long modSeq) {
    return modSeq >= coversFrom;
  }

  /** The log with the event added, then trimmed to {@code capacity} uids. */
  ChangeLog record(Folder.Event event, int capacity) {
    Vector<Change> next = changes;
    long nextWeight = weight;
    if (event instanceof Folder.MessageAppended e) {
      if (!next.isEmpty() && next.last() instanceof Appended run) {
        next = plus(next.init(), new Appended(run.firstUid(), e.uid(), e.modSeq()));
      } else {
        next = plus(next, new Appended(e.uid(), e.uid(), e.modSeq()));
        nextWeight += 1;
      }
    } else if (event instanceof Folder.FlagsChanged e) {
      next = plus(next, new Flagged(e.modSeq(), e.uids()));
      nextWeight += e.uids().size();
    } else if (event instanceof Folder.MessagesExpunged e) {
      next = plus(next, new Removed(e.modSeq(), e.uids()));
      nextWeight += e.uids().size();
    } else {
      return this;
    }
    long from = coversFrom;
    while (nextWeight > capacity && !next.isEmpty()) {
      Change dropped = next.head();
      next = next.tail();
      nextWeight -= dropped.weight();
      from = Math.max(from, dropped.modSeq());
    }
    return new ChangeLog(next, from, nextWeight);
  }

  /** The uids whose flags changed after {@code modSeq} (some may be expunged since). */
  SortedSet<Long> flaggedSince(long modSeq) {
    TreeSet<Long> uids = new TreeSet<>();
    for (Iterator<Change> it = newestFirst(); it.hasNext(); ) {
      Change change = it.next();
      if (change.modSeq() <= modSeq) {
        break;
      }
      if (change instanceof Flagged f) {
        uids.addAll(f.uids());
      }
    }
    return uids;
  }

  /** The uids expunged after {@code modSeq}. */
  SortedSet<Long> expungedSince(long modSeq) {
    TreeSet<Long> uids = new TreeSet<>();
    for (Iterator<Change> it = newestFirst(); it.hasNext(); ) {
      Change change = it.next();
      if (change.modSeq() <= modSeq) {
        break;
      }
      if (change instanceof Removed r) {
        uids.addAll(r.uids());
      }
    }
    return uids;
  }

  /** Whether a message below {@code uid} may have been appended after {@code modSeq}. */
  boolean appendedBelow(long uid, long modSeq) {
    for (Iterator<Change> it = newestFirst(); it.hasNext(); ) {
      Change change = it.next();
      if (change.modSeq() <= modSeq) {
        break;
      }
      if (change instanceof Appended a && a.firstUid() < uid) {
        return true;
      }
    }
    return false;
  }

  /** Number of uids held (an append run counts one). */
  long weight() {
    return weight;
  }

  /** {@code changes :+ change} ({@code appended} is ambiguous from Java). */
  @SuppressWarnings("unchecked")
  private static Vector<Change> plus(Vector<Change> changes, Change change) {
    return (Vector<Change>) changes.$colon$plus(change);
  }

  private Iterator<Change> newestFirst() {
    return CollectionConverters.asJava(changes.reverseIterator());
  }

  /** A cache, not part of the folder's value: see the class comment. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ChangeLog;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "ChangeLog[" + changes.size() + " changes, " + weight + " uids, covers from "
        + coversFrom + "]";
  }
}
