package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.SortedSet;

/** A message's flags and mod-sequence after a STORE (what IMAP sends as FETCH FLAGS MODSEQ). */
public record MessageFlags(long uid, SortedSet<String> flags, long modSeq)
    implements CborSerializable {

  public MessageFlags {
    flags = Flags.frozen(flags);
  }
}
