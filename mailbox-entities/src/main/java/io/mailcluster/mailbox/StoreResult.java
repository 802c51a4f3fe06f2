package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The outcome of {@link Folder.StoreFlags}.
 *
 * @param messages every requested message that exists and passed the UNCHANGEDSINCE test, with
 *     its flags and mod-sequence now (changed or not), in uid order
 * @param failed uids whose mod-sequence was above UNCHANGEDSINCE: left unchanged (IMAP MODIFIED)
 * @param highestModSeq the folder's HIGHESTMODSEQ after the store
 */
public record StoreResult(List<MessageFlags> messages, SortedSet<Long> failed, long highestModSeq)
    implements CborSerializable {

  public StoreResult {
    messages = List.copyOf(messages);
    failed = Collections.unmodifiableSortedSet(new TreeSet<>(failed));
  }
}
