package io.mailcluster.mailbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;

/**
 * Answers {@link Folder.Changes} and {@link Folder.Uids} from a live folder's state. Flag changes
 * since a mod-sequence the {@link ChangeLog} covers come from the log (cost: the changes since);
 * older ones from a scan of the messages below {@code knownUidNext}, stopped at the limit.
 */
final class ChangeQuery {

  private ChangeQuery() {}

  static FolderChanges changes(Folder.Active state, long sinceModSeq, long knownUidNext,
      int maxFetch, int maxRuns) {
    Runs added =
        runs(uidsOf(state.messages().iteratorFrom(Math.max(knownUidNext, 1))), maxRuns);
    List<MessageFlags> flags = new ArrayList<>();
    boolean flagsComplete = true;
    List<UidRange> expunged = List.of();
    boolean expungedKnown = !added.cut();
    if (sinceModSeq < state.highestModSeq()) {
      ChangeLog log = state.changes();
      boolean fromLog = log.covers(sinceModSeq) && !log.appendedBelow(knownUidNext, sinceModSeq);
      Iterator<MessageEntry> candidates = fromLog
          ? entries(state.messages(), log.flaggedSince(sinceModSeq))
          : state.messages().iterator();
      flagsComplete = changedFlags(candidates, sinceModSeq, knownUidNext, maxFetch, flags);
      if (!log.covers(sinceModSeq)) {
        expungedKnown = false;
      } else if (expungedKnown) {
        int room = maxRuns - added.ranges().size();
        Runs gone = runs(log.expungedSince(sinceModSeq).iterator(), room);
        expungedKnown = !gone.cut();
        expunged = gone.cut() ? List.of() : gone.ranges();
      }
    }
    return new FolderChanges(state.uidValidity(), state.uidNext(), state.highestModSeq(),
        state.messages().size(), added.ranges(), flags, flagsComplete, expunged, expungedKnown);
  }

  /** At most {@code maxRuns} runs of the folder's uids from {@code fromUid}. */
  static UidList uids(MessageIndex messages, long fromUid, int maxRuns) {
    Runs runs = runs(uidsOf(messages.iteratorFrom(Math.max(fromUid, 1))), maxRuns);
    return new UidList(runs.ranges(), runs.cutAt());
  }

  /**
   * Adds to {@code out} the entries below {@code knownUidNext} with a mod-sequence above {@code
   * since}, at most {@code max}; false if there were more.
   */
  private static boolean changedFlags(Iterator<MessageEntry> candidates, long since,
      long knownUidNext, int max, List<MessageFlags> out) {
    while (candidates.hasNext()) {
      MessageEntry e = candidates.next();
      if (e.uid() >= knownUidNext) {
        break;
      }
      if (e.modSeq() > since) {
        if (out.size() == max) {
          return false;
        }
        out.add(new MessageFlags(e.uid(), e.flags(), e.modSeq()));
      }
    }
    return true;
  }

  /** The entries of those uids that still exist, in uid order. */
  private static Iterator<MessageEntry> entries(MessageIndex messages, SortedSet<Long> uids) {
    List<MessageEntry> entries = new ArrayList<>(uids.size());
    for (long uid : uids) {
      messages.get(uid).ifPresent(entries::add);
    }
    return entries.iterator();
  }

  /** Merged ranges of ascending uids, at most {@code max}; {@code cutAt}: the first uid left out. */
  private record Runs(List<UidRange> ranges, OptionalLong cutAt) {
    boolean cut() {
      return cutAt.isPresent();
    }
  }

  private static Runs runs(Iterator<Long> ascending, int max) {
    List<UidRange> ranges = new ArrayList<>();
    long first = -1;
    long last = -1;
    while (ascending.hasNext()) {
      long uid = ascending.next();
      if (first >= 0 && uid == last + 1) {
        last = uid;
        continue;
      }
      if (first >= 0) {
        ranges.add(new UidRange(first, last));
      }
      if (ranges.size() >= max) {
        return new Runs(ranges, OptionalLong.of(uid));
      }
      first = uid;
      last = uid;
    }
    if (first >= 0) {
      ranges.add(new UidRange(first, last));
    }
    return new Runs(ranges, OptionalLong.empty());
  }

  private static Iterator<Long> uidsOf(Iterator<MessageEntry> entries) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Long next() {
        return entries.next().uid();
      }
    };
  }
}
