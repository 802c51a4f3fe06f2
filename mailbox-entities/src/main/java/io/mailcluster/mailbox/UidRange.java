package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The uids from {@code first} to {@code last}, both included (IMAP {@code first:last}). */
public record UidRange(long first, long last) implements CborSerializable {

  /** IMAP allows {@code 9:2}; it means {@code 2:9}. */
  public UidRange {
    if (first > last) {
      long swap = first;
      first = last;
      last = swap;
    }
  }

  public static UidRange of(long uid) {
    return new UidRange(uid, uid);
  }

  /** {@code first:*}: from {@code first} to the last message. */
  public static UidRange from(long first) {
    return new UidRange(first, Long.MAX_VALUE);
  }

  /** Sorted, non-overlapping ranges covering the same uids as {@code ranges}. */
  static List<UidRange> merged(List<UidRange> ranges) {
    List<UidRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(UidRange::first));
    List<UidRange> merged = new ArrayList<>();
    for (UidRange r : sorted) {
      UidRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last == null || r.first() > last.last()) {
        merged.add(r);
      } else if (r.last() > last.last()) {
        merged.set(merged.size() - 1, new UidRange(last.first(), r.last()));
      }
    }
    return merged;
  }
}
