package io.mailcluster.projections.audit;

import io.mailcluster.control.Account;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.projections.ReadModel;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * The audit log read model: per account, every Account and Folder event as a time-ordered record
 * (the journal audit's records, deliveries with Message-ID and sender), for quick reads of an
 * account's recent history without replaying its journal.
 *
 * <p>At least once with idempotent writes: a record's key is its account, time, kind, sequence
 * number and folder, all taken from the event, so handling an event again rewrites the same row.
 */
public final class AuditLog implements ReadModel {

  public static final String NAME = "audit";

  private final AuditLogTable table;
  private final DeliveryDetails details;

  public AuditLog(AuditLogTable table, DeliveryDetails details) {
    this.table = table;
    this.details = details;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tags() {
    return Stream.concat(Account.TAGS.all().stream(), Folder.TAGS.all().stream()).toList();
  }

  @Override
  public List<String> tables() {
    return AuditLogTable.TABLES;
  }

  @Override
  public Handler<EventEnvelope<Object>> handler() {
    return new AuditLogHandler(table, details);
  }
}
