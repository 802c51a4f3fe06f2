package io.mailcluster.projections.audit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcluster.storage.PreparedStatements;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The audit read model's tables: {@code audit_log} (records by account and month),
 * {@code audit_months} (the months an account has records in) and {@code audit_folders} (each
 * folder's owner and current name, which folder events do not carry).
 */
public final class AuditLogTable {

  static final List<String> TABLES = List.of("audit_log", "audit_months", "audit_folders");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Who owns a folder and what it is called now. */
  public record FolderOwner(String account, String name) {}

  private final CqlSession session;
  private final PreparedStatement insertRecord;
  private final PreparedStatement insertMonth;
  private final PreparedStatement selectMonths;
  private final PreparedStatement selectRecords;
  private final PreparedStatement upsertFolder;
  private final PreparedStatement selectFolder;

  private AuditLogTable(CqlSession session, List<PreparedStatement> statements) {
    this.session = session;
    this.insertRecord = statements.get(0);
    this.insertMonth = statements.get(1);
    this.selectMonths = statements.get(2);
    this.selectRecords = statements.get(3);
    this.upsertFolder = statements.get(4);
    this.selectFolder = statements.get(5);
  }

  public static CompletionStage<AuditLogTable> create(CqlSession session, String keyspace) {
    return PreparedStatements.prepareAll(session, List.of(
            "INSERT INTO " + keyspace + ".audit_log (account, month, at, kind, seq_nr, folder_id,"
                + " entity, event, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "INSERT INTO " + keyspace + ".audit_months (account, month) VALUES (?, ?)",
            "SELECT month FROM " + keyspace + ".audit_months WHERE account = ?",
            "SELECT at, kind, seq_nr, folder_id, entity, event, fields FROM " + keyspace
                + ".audit_log WHERE account = ? AND month = ? AND at >= ? AND at < ?",
            "INSERT INTO " + keyspace + ".audit_folders (folder_id, account, name) VALUES (?, ?, ?)",
            "SELECT account, name FROM " + keyspace + ".audit_folders WHERE folder_id = ?"))
        .thenApply(statements -> new AuditLogTable(session, statements));
  }

  /** Writes one record; writing the same record again leaves the table as it was. */
  CompletionStage<Done> write(String account, AuditRecord record) {
    String month = monthOf(record.timestamp());
    return session.executeAsync(insertMonth.bind(account, month))
        .thenCompose(rs -> session.executeAsync(insertRecord.bind(account, month,
            record.timestamp(), (byte) (record.isFolder() ? 1 : 0), record.sequenceNr(),
            record.isFolder() ? record.folderId() : "", record.entity(), record.event(),
            record.fields().toString())))
        .thenApply(rs -> Done.getInstance());
  }

  CompletionStage<Done> writeFolder(String folderId, FolderOwner owner) {
    return session.executeAsync(upsertFolder.bind(folderId, owner.account(), owner.name()))
        .thenApply(rs -> Done.getInstance());
  }

  CompletionStage<Optional<FolderOwner>> folder(String folderId) {
    return session.executeAsync(selectFolder.bind(folderId))
        .thenApply(rs -> Optional.ofNullable(rs.one())
            .map(row -> new FolderOwner(row.getString("account"), row.getString("name"))));
  }

  /**
   * The account's records in the filter's time range, in {@link AuditRecord#ORDER}, month by
   * month (the folder filter is the journal audit's: not applied here).
   */
  public CompletionStage<Source<AuditRecord, NotUsed>> records(String account, AuditFilter filter) {
    Instant since = filter.since() == null ? Instant.EPOCH : filter.since();
    Instant until = filter.until() == null ? Instant.parse("9999-01-01T00:00:00Z") : filter.until();
    return session.executeAsync(selectMonths.bind(account)).thenApply(rs -> {
      List<String> months = new ArrayList<>();
      rs.currentPage().forEach(row -> months.add(row.getString("month")));
      // one partition per account and month: a few hundred at most, the first page has them
      return Source.from(months.stream().sorted()
              .filter(m -> m.compareTo(monthOf(since)) >= 0 && m.compareTo(monthOf(until)) <= 0)
              .toList())
          .flatMapConcat(month -> Source.fromPublisher(
                  session.executeReactive(selectRecords.bind(account, month, since, until)))
              .map(AuditLogTable::record));
    });
  }

  private static AuditRecord record(Row row) {
    boolean folder = row.getByte("kind") == 1;
    return new AuditRecord(row.getInstant("at"), row.getString("entity"),
        folder ? row.getString("folder_id") : null, row.getLong("seq_nr"), row.getString("event"),
        parse(row.getString("fields")));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String monthOf(Instant at) {
    return YearMonth.from(at.atOffset(ZoneOffset.UTC)).toString();
  }
}
