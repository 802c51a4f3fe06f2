package io.mailcluster.projections.directory;

import io.mailcluster.control.Account;
import io.mailcluster.control.Domain;
import io.mailcluster.projections.ReadModel;
import java.util.stream.Stream;

/**
 * The directory read model: domains, and each domain's accounts (with quota) and aliases, for the
 * admin listing with usage. (Creating, removing and resolving stay with the Domain and Account
 * entities, which are exact; this model lags by the projection's delay.)
 *
 * <p>At least once with idempotent writes: every write sets or clears a value.
 */
public final class Directory {

  public static final String NAME = "directory";

  private Directory() {}

  public static ReadModel readModel(DirectoryTable table) {
    return new ReadModel(NAME,
        Stream.concat(Domain.TAGS.all().stream(), Account.TAGS.all().stream()).toList(),
        DirectoryTable.TABLES, () -> new DirectoryHandler(table));
  }
}
