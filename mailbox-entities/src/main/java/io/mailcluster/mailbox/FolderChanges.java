package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/**
 * What {@link Folder.Changes} answers: how a folder changed since a mod-sequence, for an IMAP
 * session to catch up (CONDSTORE / QRESYNC).
 *
 * @param added the uids >= {@code knownUidNext} that exist now, as merged ranges (at most {@code
 *     max-uid-runs} of them, together with {@code expunged}; if they are cut, {@code
 *     expungedKnown} is false so the caller resyncs its whole uid list)
 * @param flagsChanged the messages with uid < {@code knownUidNext} and a mod-sequence above
 *     {@code sinceModSeq}, in uid order, at most {@code max-fetch} of them
 * @param flagsComplete false when {@code flagsChanged} was cut at that maximum
 * @param expunged the uids expunged with a mod-sequence above {@code sinceModSeq}, as merged
 *     ranges; empty when {@code expungedKnown} is false
 * @param expungedKnown false when the folder no longer knows every expunge since {@code
 *     sinceModSeq} (or there are too many to send): the caller resyncs its uid list with {@link
 *     Folder.Uids}
 */
public record FolderChanges(
    long uidValidity,
    long uidNext,
    long highestModSeq,
    long messages,
    List<UidRange> added,
    List<MessageFlags> flagsChanged,
    boolean flagsComplete,
    List<UidRange> expunged,
    boolean expungedKnown)
    implements CborSerializable {

  public FolderChanges {
    added = List.copyOf(added);
    flagsChanged = List.copyOf(flagsChanged);
    expunged = List.copyOf(expunged);
  }
}
