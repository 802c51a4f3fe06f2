package io.mailcluster.imap.session;

import io.mailcluster.imap.codec.SequenceSet;
import io.mailcluster.mailbox.UidRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A session's view of the selected mailbox: the uids in ascending order, so that message
 * sequence number n is the n-th uid (RFC 9051 section 2.3.1.2). A folder of 100,000 messages
 * costs 800 KB per session. Only the session's thread touches it.
 */
final class UidMap {

  private long[] uids;
  private int size;

  UidMap(long[] sortedUids) {
    this.uids = sortedUids.clone();
    this.size = sortedUids.length;
  }

  int size() {
    return size;
  }

  /** The uid of sequence number {@code seq} (1-based). */
  long uid(int seq) {
    if (seq < 1 || seq > size) {
      throw new IndexOutOfBoundsException("no message " + seq);
    }
    return uids[seq - 1];
  }

  /** The sequence number of {@code uid}, or 0 when the view does not hold it. */
  int seq(long uid) {
    int at = Arrays.binarySearch(uids, 0, size, uid);
    return at >= 0 ? at + 1 : 0;
  }

  /** The largest uid, 0 when empty ("*" in a UID set of an empty mailbox). */
  long maxUid() {
    return size == 0 ? 0 : uids[size - 1];
  }

  /** Appends uids above every uid held (new messages); returns how many were new. */
  int addAll(List<UidRange> ranges) {
    int added = 0;
    for (UidRange r : ranges) {
      for (long uid = Math.max(r.first(), maxUid() + 1); uid <= r.last(); uid++) {
        if (size == uids.length) {
          uids = Arrays.copyOf(uids, Math.max(16, size * 2));
        }
        uids[size++] = uid;
        added++;
      }
    }
    return added;
  }

  /** Removes {@code uid}; returns the sequence number it had, or 0 when it was not held. */
  int remove(long uid) {
    int seq = seq(uid);
    if (seq > 0) {
      System.arraycopy(uids, seq, uids, seq - 1, size - seq);
      size--;
    }
    return seq;
  }

  /** The held uids a set of sequence numbers names, ascending ("*" is the last message). */
  List<Long> uidsOfSequences(SequenceSet set) {
    List<Long> out = new ArrayList<>();
    if (size == 0) {
      return out;
    }
    for (UidRange r : merge(set, size)) {
      for (long seq = r.first(); seq <= Math.min(r.last(), size); seq++) {
        out.add(uids[(int) seq - 1]);
      }
    }
    return out;
  }

  /** The held uids a UID set names, ascending; "*" is the largest uid held (RFC 9051 6.4.9). */
  List<Long> uidsOfUidSet(SequenceSet set) {
    List<Long> out = new ArrayList<>();
    if (size == 0) {
      return out;
    }
    for (UidRange r : merge(set, maxUid())) {
      int from = Arrays.binarySearch(uids, 0, size, r.first());
      for (int i = from >= 0 ? from : -from - 1; i < size && uids[i] <= r.last(); i++) {
        out.add(uids[i]);
      }
    }
    return out;
  }

  /** Whether every sequence number of {@code set} exists (a FETCH of 5 in a 4-message mailbox is BAD). */
  boolean sequencesValid(SequenceSet set) {
    for (SequenceSet.Range r : set.ranges()) {
      if (size == 0 || r.high(size) > size) {
        return false;
      }
    }
    return true;
  }

  /** Every uid held, ascending (a copy). */
  long[] toArray() {
    return Arrays.copyOf(uids, size);
  }

  /** The set's ranges resolved against {@code max}, sorted and merged. */
  static List<UidRange> merge(SequenceSet set, long max) {
    List<UidRange> ranges = new ArrayList<>();
    for (SequenceSet.Range r : set.ranges()) {
      ranges.add(new UidRange(r.low(max), r.high(max)));
    }
    ranges.sort((a, b) -> Long.compare(a.first(), b.first()));
    List<UidRange> merged = new ArrayList<>();
    for (UidRange r : ranges) {
      UidRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r.first() <= last.last() + 1) {
        merged.set(merged.size() - 1, new UidRange(last.first(), Math.max(last.last(), r.last())));
      } else {
        merged.add(r);
      }
    }
    return merged;
  }

  /** Uids as an IMAP sequence set ("1:3,7"); empty list gives an empty string. */
  static String compact(List<Long> sortedUids) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sortedUids.size()) {
      long first = sortedUids.get(i);
      long last = first;
      while (i + 1 < sortedUids.size() && sortedUids.get(i + 1) == last + 1) {
        last = sortedUids.get(++i);
      }
      out.append(out.length() == 0 ? "" : ",").append(first);
      if (last != first) {
        out.append(':').append(last);
      }
      i++;
    }
    return out.toString();
  }
}
