package io.mailcluster.projections.usage;

import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.ReadModel;

/**
 * The usage read model: messages and octets per folder and account, for the admin listing.
 * (Quota is enforced from the Folder entities themselves, which are exact; this model lags by the
 * projection's delay.)
 *
 * <p>At least once with idempotent writes: each folder row records the sequence number of the
 * last event it counted, and older or equal events are skipped.
 */
public final class Usage {

  public static final String NAME = "usage";

  private Usage() {}

  public static ReadModel readModel(UsageTable table) {
    return new ReadModel(NAME, Folder.TAGS.all(), UsageTable.TABLES,
        () -> new UsageHandler(table));
  }
}
