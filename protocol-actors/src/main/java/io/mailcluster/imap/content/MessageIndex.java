package io.mailcluster.imap.content;

import java.time.Instant;
import java.util.Set;

/**
 * What the mailbox knows of a message without reading it, as SEARCH needs it.
 *
 * @param flags system flags (e.g. "\\Seen") and keywords set on the message, without \Recent
 * @param size RFC822.SIZE in octets
 * @param recent whether this session sees the message as \Recent (IMAP4rev1)
 */
public record MessageIndex(
    long sequenceNumber, long uid, Set<String> flags, long size, Instant internalDate, long modSeq, boolean recent) {

  public MessageIndex {
    flags = Set.copyOf(flags);
  }
}
