package io.mailcluster.projections.usage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailcluster.storage.PreparedStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/** The usage read model's tables: totals by folder ({@code folder_usage}) and by account. */
public final class UsageTable {

  static final List<String> TABLES = List.of("folder_usage", "account_usage");

  private final CqlSession session;
  private final PreparedStatement upsertFolder;
  private final PreparedStatement upsertAccount;
  private final PreparedStatement selectFolder;
  private final PreparedStatement selectAccount;
  private final PreparedStatement deleteFolder;
  private final PreparedStatement deleteAccountFolder;

  private UsageTable(CqlSession session, List<PreparedStatement> statements) {
    this.session = session;
    this.upsertFolder = statements.get(0);
    this.upsertAccount = statements.get(1);
    this.selectFolder = statements.get(2);
    this.selectAccount = statements.get(3);
    this.deleteFolder = statements.get(4);
    this.deleteAccountFolder = statements.get(5);
  }

  public static CompletionStage<UsageTable> create(CqlSession session, String keyspace) {
    return PreparedStatements.prepareAll(session, List.of(
            "INSERT INTO " + keyspace + ".folder_usage (folder_id, account, name, messages, bytes,"
                + " seq_nr) VALUES (?, ?, ?, ?, ?, ?)",
            "INSERT INTO " + keyspace + ".account_usage (account, folder_id, name, messages, bytes)"
                + " VALUES (?, ?, ?, ?, ?)",
            "SELECT folder_id, account, name, messages, bytes, seq_nr FROM " + keyspace
                + ".folder_usage WHERE folder_id = ?",
            "SELECT folder_id, account, name, messages, bytes FROM " + keyspace
                + ".account_usage WHERE account = ?",
            "DELETE FROM " + keyspace + ".folder_usage WHERE folder_id = ?",
            "DELETE FROM " + keyspace + ".account_usage WHERE account = ? AND folder_id = ?"))
        .thenApply(statements -> new UsageTable(session, statements));
  }

  /** The account's folders with their totals (folders deleted are gone), by folder id. */
  public CompletionStage<List<FolderUsage>> account(String account) {
    return session.executeAsync(selectAccount.bind(account)).thenApply(rs -> {
      List<FolderUsage> folders = new ArrayList<>();
      // an account has at most a thousand folders (FolderNames): one page
      rs.currentPage().forEach(row -> folders.add(new FolderUsage(row.getString("folder_id"),
          account, row.getString("name"), row.getLong("messages"), row.getLong("bytes"), 0)));
      return folders;
    });
  }

  CompletionStage<Optional<FolderUsage>> folder(String folderId) {
    return session.executeAsync(selectFolder.bind(folderId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(UsageTable::folderUsage));
  }

  /**
   * Writes the account's row first and the folder's (with its sequence number) last: if the node
   * dies in between, the event is not yet counted as seen and is applied again to the old totals.
   */
  CompletionStage<Done> write(FolderUsage usage) {
    return session.executeAsync(upsertAccount.bind(usage.account(), usage.folderId(),
            usage.name(), usage.messages(), usage.bytes()))
        .thenCompose(rs -> session.executeAsync(upsertFolder.bind(usage.folderId(),
            usage.account(), usage.name(), usage.messages(), usage.bytes(), usage.seqNr())))
        .thenApply(rs -> Done.getInstance());
  }

  CompletionStage<Done> delete(FolderUsage usage) {
    return session.executeAsync(deleteAccountFolder.bind(usage.account(), usage.folderId()))
        .thenCompose(rs -> session.executeAsync(deleteFolder.bind(usage.folderId())))
        .thenApply(rs -> Done.getInstance());
  }

  private static FolderUsage folderUsage(Row row) {
    return new FolderUsage(row.getString("folder_id"), row.getString("account"),
        row.getString("name"), row.getLong("messages"), row.getLong("bytes"),
        row.getLong("seq_nr"));
  }
}
