package io.mailcluster.projections.usage;

import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.ReadModel;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * The usage read model: messages and octets per folder and account, for the admin listing.
 * (Quota is enforced from the Folder entities themselves, which are exact; this model lags by the
 * projection's delay.)
 *
 * <p>At least once with idempotent writes: each folder row records the sequence number of the
 * last event it counted, and older or equal events are skipped.
 */
public final class Usage implements ReadModel {

  public static final String NAME = "usage";

  private final UsageTable table;

  public Usage(UsageTable table) {
    this.table = table;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tags() {
    return Folder.TAGS.all();
  }

  @Override
  public List<String> tables() {
    return UsageTable.TABLES;
  }

  @Override
  public Handler<EventEnvelope<Object>> handler() {
    return new UsageHandler(table);
  }
}
