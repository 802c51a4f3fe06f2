package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@link Folder.Uids} answers: the folder's uids from a given one, as runs of consecutive
 * uids in ascending order, at most {@code mail-cluster.folders.max-uid-runs} runs.
 *
 * @param nextUid present if the list was cut short: ask again from this uid for the rest
 */
public record UidList(List<UidRange> runs, OptionalLong nextUid) implements CborSerializable {

  public UidList {
    runs = List.copyOf(runs);
    nextUid = nextUid == null ? OptionalLong.empty() : nextUid;
  }
}
