package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mailbox.UidRange;
import java.util.ArrayList;
import java.util.List;

/**
 * The uids a QRESYNC client is told vanished since its mod-sequence (RFC 7162: SELECT ...
 * QRESYNC and UID FETCH ... VANISHED), limited to the uids it names (all below UIDNEXT when it
 * names none).
 */
final class VanishedUids {

  private VanishedUids() {}

  /**
   * From the folder's expunge history when it reaches back; otherwise every named uid the
   * folder no longer has (the gaps between the uids present, as ranges, so a folder with a
   * long history costs its size, not its UIDNEXT). RFC 7162 allows reporting uids that never
   * existed.
   *
   * @param current the folder's uids now, ascending (used only without the history)
   */
  static String of(MailboxChanges changes, long[] current, SequenceSet named, long uidNext) {
    List<UidRange> wanted = named != null ? UidMap.merge(named, uidNext - 1)
        : List.of(new UidRange(1, Math.max(1, uidNext - 1)));
    List<UidRange> gone = changes.expungedKnown() ? changes.expunged() : gaps(current, uidNext);
    StringBuilder out = new StringBuilder();
    for (UidRange g : gone) {
      for (UidRange w : wanted) {
        long first = Math.max(g.first(), w.first());
        long last = Math.min(g.last(), w.last());
        if (first <= last) {
          out.append(out.length() == 0 ? "" : ",").append(first == last ? first + "" : first + ":" + last);
        }
      }
    }
    return out.toString();
  }

  private static List<UidRange> gaps(long[] uids, long uidNext) {
    List<UidRange> gaps = new ArrayList<>();
    long next = 1;
    for (long uid : uids) {
      if (uid > next) {
        gaps.add(new UidRange(next, uid - 1));
      }
      next = uid + 1;
    }
    if (next <= uidNext - 1) {
      gaps.add(new UidRange(next, uidNext - 1));
    }
    return gaps;
  }
}
