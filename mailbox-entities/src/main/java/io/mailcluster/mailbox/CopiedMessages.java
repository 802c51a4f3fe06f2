package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/** What {@link Folder.CopyOut} answers: the source's UIDVALIDITY and the entries that exist. */
public record CopiedMessages(long uidValidity, List<MessageEntry> entries)
    implements CborSerializable {

  public CopiedMessages {
    entries = List.copyOf(entries);
  }
}
