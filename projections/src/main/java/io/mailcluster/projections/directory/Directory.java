package io.mailcluster.projections.directory;

import io.mailcluster.control.Account;
import io.mailcluster.control.Domain;
import io.mailcluster.projections.ReadModel;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * The directory read model: domains, and each domain's accounts (with quota) and aliases, for the
 * admin listing with usage. (Creating, removing and resolving stay with the Domain and Account
 * entities, which are exact; this model lags by the projection's delay.)
 *
 * <p>At least once with idempotent writes: every write sets or clears a value.
 */
public final class Directory implements ReadModel {

  public static final String NAME = "directory";

  private final DirectoryTable table;

  public Directory(DirectoryTable table) {
    this.table = table;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tags() {
    return Stream.concat(Domain.TAGS.all().stream(), Account.TAGS.all().stream()).toList();
  }

  @Override
  public List<String> tables() {
    return DirectoryTable.TABLES;
  }

  @Override
  public Handler<EventEnvelope<Object>> handler() {
    return new DirectoryHandler(table);
  }
}
