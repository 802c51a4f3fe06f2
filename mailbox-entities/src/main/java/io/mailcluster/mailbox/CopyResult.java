package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/**
 * What {@link FolderService#copy} and {@link FolderService#move} did (IMAP COPYUID).
 *
 * @param copied source uid -> target uid, ascending by source uid; source uids that did not exist
 *     are absent
 */
public record CopyResult(long sourceUidValidity, long targetUidValidity, List<Copied> copied)
    implements CborSerializable {

  public CopyResult {
    copied = List.copyOf(copied);
  }

  /** One message copied: its uid in the source and in the target. */
  public record Copied(long sourceUid, long targetUid) implements CborSerializable {}
}
