package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One message of a folder's index. The body is not here: {@code blobId} is the content address of
 * the bytes in the blob store.
 *
 * @param flags system flags ({@code \Seen}, ...) and keywords, canonical (see {@link Flags})
 * @param modSeq the folder's mod-sequence of the last change to this message
 */
public record MessageEntry(
    long uid, String blobId, long size, Instant internalDate, SortedSet<String> flags, long modSeq)
    implements CborSerializable {

  public MessageEntry {
    flags = Flags.frozen(flags);
  }

  public boolean isSeen() {
    return flags.contains(Flags.SEEN);
  }

  public boolean isDeleted() {
    return flags.contains(Flags.DELETED);
  }

  MessageEntry withFlags(SortedSet<String> newFlags, long newModSeq) {
    return new MessageEntry(uid, blobId, size, internalDate, newFlags, newModSeq);
  }

  static SortedSet<String> emptyFlags() {
    return Collections.unmodifiableSortedSet(new TreeSet<>());
  }
}
