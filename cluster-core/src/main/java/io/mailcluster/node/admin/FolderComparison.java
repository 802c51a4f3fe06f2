package io.mailcluster.node.admin;

import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderDescription;
import io.mailcluster.mailbox.MessageEntry;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Compares one page of a live folder's description with the state rebuilt from its journal. The
 * replayed side is described by the same code as the live one ({@link FolderDescription}), so
 * the comparison is field by field, never of two encodings.
 */
final class FolderComparison {

  private FolderComparison() {}

  /**
   * Notes how {@code live}, the page from {@code fromUid}, differs from {@code replayed}: its
   * counters (first page only) and every message in the uid range the page covers.
   */
  static void page(
      FolderDescription live, long fromUid, Folder.State replayed, Differences differences) {
    if (live.header() != null) {
      header(live.header(), FolderDescription.header(replayed), differences);
    }
    long end = live.nextUid().isPresent() ? live.nextUid().getAsLong() : Long.MAX_VALUE;
    entries(live.entries(), replayedFrom(replayed, fromUid), end, differences);
  }

  static void header(
      FolderDescription.Header live, FolderDescription.Header replayed, Differences d) {
    d.compare(null, "lifecycle", live.lifecycle(), replayed.lifecycle());
    d.compare(null, "owner", live.owner(), replayed.owner());
    d.compare(null, "name", live.name(), replayed.name());
    d.compare(null, "uidValidity", live.uidValidity(), replayed.uidValidity());
    d.compare(null, "uidNext", live.uidNext(), replayed.uidNext());
    d.compare(null, "highestModSeq", live.highestModSeq(), replayed.highestModSeq());
    d.compare(null, "messages", live.messages(), replayed.messages());
    d.compare(null, "unseen", live.unseen(), replayed.unseen());
    d.compare(null, "totalSize", live.totalSize(), replayed.totalSize());
    d.compare(null, "appliedKeys", live.appliedKeys(), replayed.appliedKeys());
    d.compare(null, "appliedKeysDigest", live.appliedKeysDigest(), replayed.appliedKeysDigest());
  }

  /**
   * Walks both sides in uid order: {@code live} (one page) against the replayed messages below
   * {@code endUid}; a uid on one side only is a "message" difference.
   */
  static void entries(
      List<MessageEntry> live, Iterator<MessageEntry> replayed, long endUid, Differences d) {
    Iterator<MessageEntry> l = live.iterator();
    MessageEntry a = l.hasNext() ? l.next() : null;
    MessageEntry b = nextBelow(replayed, endUid);
    while (a != null || b != null) {
      if (b == null || (a != null && a.uid() < b.uid())) {
        d.add(a.uid(), "message", "present", Differences.ABSENT);
        a = l.hasNext() ? l.next() : null;
      } else if (a == null || b.uid() < a.uid()) {
        d.add(b.uid(), "message", Differences.ABSENT, "present");
        b = nextBelow(replayed, endUid);
      } else {
        entry(a, b, d);
        a = l.hasNext() ? l.next() : null;
        b = nextBelow(replayed, endUid);
      }
    }
  }

  private static void entry(MessageEntry live, MessageEntry replayed, Differences d) {
    Long uid = live.uid();
    d.compare(uid, "blobId", live.blobId(), replayed.blobId());
    d.compare(uid, "size", live.size(), replayed.size());
    d.compare(uid, "internalDate", live.internalDate(), replayed.internalDate());
    d.compare(uid, "flags", live.flags(), replayed.flags());
    d.compare(uid, "modSeq", live.modSeq(), replayed.modSeq());
  }

  private static Iterator<MessageEntry> replayedFrom(Folder.State state, long fromUid) {
    return state instanceof Folder.Active active
        ? active.messages().iteratorFrom(Math.max(1, fromUid))
        : Collections.emptyIterator();
  }

  private static MessageEntry nextBelow(Iterator<MessageEntry> it, long endUid) {
    if (!it.hasNext()) {
      return null;
    }
    MessageEntry next = it.next();
    return next.uid() < endUid ? next : null;
  }
}
