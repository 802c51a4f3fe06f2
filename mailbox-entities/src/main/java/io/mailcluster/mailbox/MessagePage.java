package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link Folder.Fetch} answers: at most {@code mail-cluster.folders.max-fetch} entries in uid
 * order.
 *
 * @param nextUid present if the page was cut short: fetch again from this uid for the rest
 */
public record MessagePage(List<MessageEntry> entries, OptionalLong nextUid)
    implements CborSerializable {

  public MessagePage {
    entries = List.copyOf(entries);
  }
}
