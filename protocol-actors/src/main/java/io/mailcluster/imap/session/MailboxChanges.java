package io.mailcluster.imap.session;

import io.mailcluster.mailbox.MessageFlags;
import io.mailcluster.mailbox.UidRange;
import java.util.List;

/**
 * What changed in a folder since a mod-sequence, for a view that knows the uids below some
 * uid-next.
 *
 * @param added uids at or above that uid-next that exist now
 * @param flagsChanged known messages whose flags changed; {@code flagsComplete} is false when
 *     the list was cut short
 * @param expunged uids removed since the mod-sequence; meaningful only if {@code expungedKnown},
 *     else the view must compare its uids with the folder's
 */
public record MailboxChanges(long uidValidity, long uidNext, long highestModSeq, long messages,
    List<UidRange> added, List<MessageFlags> flagsChanged, boolean flagsComplete,
    List<UidRange> expunged, boolean expungedKnown) {

  public MailboxChanges {
    added = List.copyOf(added);
    flagsChanged = List.copyOf(flagsChanged);
    expunged = List.copyOf(expunged);
  }
}
