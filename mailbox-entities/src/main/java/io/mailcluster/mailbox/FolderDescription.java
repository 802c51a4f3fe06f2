package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * A folder's state as plain values, one page of its messages at a time: what {@link
 * Folder.Describe} answers about the live entity, and what an audit computes, with the same code,
 * from a state rebuilt from the journal, so the two compare field by field.
 *
 * <p>Paged because a folder of 100,000 messages described at once would be one remote message of
 * about 15 MB, and Pekko's remote frame is 256 KiB: a page holds at most {@code max-fetch} entries
 * and stops once their estimated encoded size passes {@code describe-page-bytes}.
 *
 * @param sequenceNr the journal sequence number the state is at (0: nothing persisted)
 * @param header the folder's counters; only on the page from uid 1 (it hashes the idempotency
 *     keys, which need not be repeated on every page), otherwise null
 * @param entries the messages from the requested uid on, in uid order
 * @param nextUid present if the page was cut short: describe again from this uid for the rest
 */
public record FolderDescription(
    long sequenceNr, Header header, List<MessageEntry> entries, OptionalLong nextUid)
    implements CborSerializable {

  public FolderDescription {
    entries = List.copyOf(entries);
    nextUid = nextUid == null ? OptionalLong.empty() : nextUid;
  }

  /**
   * Everything of a folder's state but its messages and change log (a cache of recent changes,
   * rebuilt on recovery, not part of the folder's value).
   *
   * @param lifecycle {@code absent}, {@code active} or {@code deleted}
   * @param appliedKeysDigest SHA-256 (hex) of the remembered idempotency keys and their uids, in
   *     uid order
   */
  public record Header(
      String lifecycle,
      String owner,
      String name,
      long uidValidity,
      long uidNext,
      long highestModSeq,
      long messages,
      long unseen,
      long totalSize,
      int appliedKeys,
      String appliedKeysDigest)
      implements CborSerializable {}

  /** A CBOR entry's size beyond its blob id and flags: field names, numbers, the date. */
  static final int ENTRY_OVERHEAD_BYTES = 120;
  /** A flag's size beyond its characters (a string header). */
  static final int FLAG_OVERHEAD_BYTES = 2;

  /**
   * The page of {@code state} from {@code fromUid}: at most {@code maxEntries} entries, cut once
   * their estimated size reaches {@code maxBytes} (but never empty while messages remain).
   */
  public static FolderDescription of(
      Folder.State state, long sequenceNr, long fromUid, int maxEntries, int maxBytes) {
    Header header = fromUid <= 1 ? header(state) : null;
    if (!(state instanceof Folder.Active active)) {
      return new FolderDescription(sequenceNr, header, List.of(), OptionalLong.empty());
    }
    List<MessageEntry> entries = new ArrayList<>();
    long bytes = 0;
    Iterator<MessageEntry> it = active.messages().iteratorFrom(Math.max(1, fromUid));
    while (it.hasNext()) {
      MessageEntry entry = it.next();
      long size = estimatedBytes(entry);
      if (!entries.isEmpty() && (entries.size() == maxEntries || bytes + size > maxBytes)) {
        return new FolderDescription(sequenceNr, header, entries, OptionalLong.of(entry.uid()));
      }
      entries.add(entry);
      bytes += size;
    }
    return new FolderDescription(sequenceNr, header, entries, OptionalLong.empty());
  }

  /** The header of any folder state. */
  public static Header header(Folder.State state) {
    if (state instanceof Folder.Active a) {
      return new Header("active", a.owner(), a.name(), a.uidValidity(), a.uidNext(),
          a.highestModSeq(), a.messages().size(), a.unseen(), a.totalSize(),
          a.appliedKeys().size(), digest(a.appliedKeys()));
    }
    if (state instanceof Folder.Deleted d) {
      return new Header("deleted", null, null, d.uidValidity(), 0, 0, 0, 0, 0, 0, null);
    }
    return new Header("absent", null, null, 0, 0, 0, 0, 0, 0, 0, null);
  }

  /** An upper estimate of the entry's CBOR size, in bytes (blob ids and flags are ASCII). */
  static long estimatedBytes(MessageEntry entry) {
    long bytes = ENTRY_OVERHEAD_BYTES + entry.blobId().length();
    for (String flag : entry.flags()) {
      bytes += flag.length() + FLAG_OVERHEAD_BYTES;
    }
    return bytes;
  }

  private static String digest(AppliedKeys keys) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    for (AppliedKeys.Applied applied : keys.toList()) {
      // keys are free text: each goes after its length, so no two lists hash the same input
      byte[] key = applied.key().getBytes(StandardCharsets.UTF_8);
      sha256.update((key.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha256.update(key);
      sha256.update((" " + applied.uid() + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
