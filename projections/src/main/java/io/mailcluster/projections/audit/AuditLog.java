package io.mailcluster.projections.audit;

import io.mailcluster.control.Account;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.ReadModel;
import java.util.stream.Stream;

/**
 * The audit log read model: per account, every Account and Folder event as a time-ordered record
 * (the journal audit's records, deliveries with Message-ID and sender), for quick reads of an
 * account's recent history without replaying its journal.
 *
 * <p>At least once with idempotent writes: a record's key is its account, time, kind, sequence
 * number and folder, all taken from the event, so handling an event again rewrites the same row.
 */
public final class AuditLog {

  public static final String NAME = "audit";

  private AuditLog() {}

  public static ReadModel readModel(AuditLogTable table, DeliveryDetails details) {
    return new ReadModel(NAME,
        Stream.concat(Account.TAGS.all().stream(), Folder.TAGS.all().stream()).toList(),
        AuditLogTable.TABLES, () -> new AuditLogHandler(table, details));
  }
}
