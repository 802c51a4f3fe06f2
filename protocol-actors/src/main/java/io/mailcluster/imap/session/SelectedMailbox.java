package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.FetchItem;
import io.mailcluster.imap.codec.ImapResponse;
import io.mailcluster.mailbox.MessageFlags;
import io.mailcluster.mailbox.UidRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The selected mailbox as this session has announced it: which uids the client knows (and so
 * the sequence numbers), up to which mod-sequence it has been told of changes, and which
 * expunges it learned but may not announce yet (none during FETCH, STORE or SEARCH by sequence
 * number, RFC 9051 section 7.5.1). The folder entity is the truth; this is one client's view.
 */
final class SelectedMailbox {

  final String name;
  final String folderId;
  final boolean readOnly;
  final long uidValidity;
  final UidMap map;
  /** Mod-sequence up to which this view has taken in the folder's changes. */
  long highestModSeq;
  long uidNext;
  /** IMAP4rev1 \Recent: the messages that arrived while this session had the folder selected. */
  final Set<Long> recent = new HashSet<>();
  /** Uids the folder removed that the client has not been told of yet. */
  final TreeSet<Long> pendingExpunges = new TreeSet<>();
  /** The folder was deleted under this session. */
  boolean gone;

  SelectedMailbox(String name, String folderId, boolean readOnly, long uidValidity, long[] uids,
      long highestModSeq, long uidNext) {
    this.name = name;
    this.folderId = folderId;
    this.readOnly = readOnly;
    this.uidValidity = uidValidity;
    this.map = new UidMap(uids);
    this.highestModSeq = highestModSeq;
    this.uidNext = uidNext;
  }

  /** How the client wants to hear of changes. */
  record Notice(boolean allowExpunge, boolean vanished, boolean modSeq, boolean recent) {}

  /**
   * Takes in a folder's changes and answers the untagged responses that tell the client:
   * expunges (if allowed now, else kept for later), new messages, flag changes.
   */
  List<ImapResponse> apply(MailboxChanges changes, Notice notice) {
    for (UidRange r : changes.expunged()) {
      for (long uid = r.first(); uid <= r.last(); uid++) {
        if (map.seq(uid) > 0) {
          pendingExpunges.add(uid);
        }
      }
    }
    List<ImapResponse> out = new ArrayList<>(announceExpunges(notice));
    int before = map.size();
    int added = map.addAll(changes.added());
    if (added > 0) {
      for (int seq = before + 1; seq <= map.size(); seq++) {
        recent.add(map.uid(seq));
      }
      out.add(new ImapResponse.Exists(map.size()));
      if (notice.recent()) {
        out.add(new ImapResponse.Recent(recent.size()));
      }
    }
    for (MessageFlags f : changes.flagsChanged()) {
      int seq = map.seq(f.uid());
      if (seq > 0 && !pendingExpunges.contains(f.uid())) {
        out.add(flagsFetch(seq, f, notice.modSeq(), recent.contains(f.uid()) && notice.recent()));
      }
    }
    highestModSeq = Math.max(highestModSeq, changes.highestModSeq());
    uidNext = Math.max(uidNext, changes.uidNext());
    return out;
  }

  /** Marks as removed every uid of the view the folder no longer has (after a full uid list). */
  void expungeMissing(long[] currentUids) {
    Set<Long> present = new HashSet<>(currentUids.length * 2);
    for (long uid : currentUids) {
      present.add(uid);
    }
    for (long uid : map.toArray()) {
      if (!present.contains(uid)) {
        pendingExpunges.add(uid);
      }
    }
  }

  /** EXPUNGE (highest sequence number first, so earlier numbers stay valid) or VANISHED. */
  List<ImapResponse> announceExpunges(Notice notice) {
    List<ImapResponse> out = new ArrayList<>();
    if (!notice.allowExpunge() || pendingExpunges.isEmpty()) {
      return out;
    }
    List<Long> gone = new ArrayList<>();
    for (long uid : pendingExpunges.descendingSet()) {
      int seq = map.remove(uid);
      if (seq > 0) {
        gone.add(0, uid);
        recent.remove(uid);
        if (!notice.vanished()) {
          out.add(new ImapResponse.Expunge(seq));
        }
      }
    }
    pendingExpunges.clear();
    if (notice.vanished() && !gone.isEmpty()) {
      out.add(new ImapResponse.Vanished(false, UidMap.compact(gone)));
    }
    return out;
  }

  /** An untagged FETCH telling a message's flags (with UID, as QRESYNC requires). */
  static ImapResponse flagsFetch(int seq, MessageFlags f, boolean modSeq, boolean recent) {
    List<FetchItem> items = new ArrayList<>();
    items.add(new FetchItem.Uid(f.uid()));
    items.add(new FetchItem.Flags(FlagNames.withRecent(f.flags(), recent)));
    if (modSeq) {
      items.add(new FetchItem.ModSeq(f.modSeq()));
    }
    return new ImapResponse.Fetch(seq, items);
  }
}
