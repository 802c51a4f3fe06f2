package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.util.List;

/** One {@link AppendResult} per request of an {@link Folder.AppendBatch}, in request order. */
public record AppendBatchResult(List<AppendResult> results) implements CborSerializable {

  public AppendBatchResult {
    results = List.copyOf(results);
  }
}
