package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/** The uids an {@link Folder.Expunge} removed (ascending) and the folder's HIGHESTMODSEQ after it. */
public record Expunged(List<Long> uids, long highestModSeq) implements CborSerializable {

  public Expunged {
    uids = List.copyOf(uids);
  }
}
