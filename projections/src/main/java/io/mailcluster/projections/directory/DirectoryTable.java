package io.mailcluster.projections.directory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.mailcluster.storage.PreparedStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** The directory read model's tables: every domain, and each domain's accounts and aliases. */
public final class DirectoryTable {

  static final List<String> TABLES = List.of("directory_domains", "directory_entries");

  /** All domains live in one partition: a listing is one ordered read. */
  private static final int DOMAINS_SHARD = 0;

  private final CqlSession session;
  private final Materializer materializer;
  private final PreparedStatement addDomain;
  private final PreparedStatement removeDomain;
  private final PreparedStatement setEntry;
  private final PreparedStatement clearEntry;
  private final PreparedStatement setQuota;
  private final PreparedStatement clearQuota;
  private final PreparedStatement selectDomains;
  private final PreparedStatement selectEntries;

  private DirectoryTable(CqlSession session, Materializer materializer, List<PreparedStatement> s) {
    this.session = session;
    this.materializer = materializer;
    this.addDomain = s.get(0);
    this.removeDomain = s.get(1);
    this.setEntry = s.get(2);
    this.clearEntry = s.get(3);
    this.setQuota = s.get(4);
    this.clearQuota = s.get(5);
    this.selectDomains = s.get(6);
    this.selectEntries = s.get(7);
  }

  public static CompletionStage<DirectoryTable> create(
      CqlSession session, String keyspace, Materializer materializer) {
    String entries = keyspace + ".directory_entries";
    return PreparedStatements.prepareAll(session, List.of(
            "INSERT INTO " + keyspace + ".directory_domains (shard, domain) VALUES (?, ?)",
            "DELETE FROM " + keyspace + ".directory_domains WHERE shard = ? AND domain = ?",
            "UPDATE " + entries + " SET kind = ?, target = ? WHERE domain = ? AND local_part = ?",
            "DELETE kind, target FROM " + entries + " WHERE domain = ? AND local_part = ?",
            "UPDATE " + entries + " SET quota_bytes = ? WHERE domain = ? AND local_part = ?",
            "DELETE quota_bytes FROM " + entries + " WHERE domain = ? AND local_part = ?",
            "SELECT domain FROM " + keyspace + ".directory_domains WHERE shard = ?",
            "SELECT local_part, kind, target, quota_bytes FROM " + entries + " WHERE domain = ?"))
        .thenApply(statements -> new DirectoryTable(session, materializer, statements));
  }

  /** Every domain, in order (read page by page). */
  public CompletionStage<List<String>> domains() {
    return Source.fromPublisher(session.executeReactive(selectDomains.bind(DOMAINS_SHARD)))
        .map(row -> row.getString("domain"))
        .runWith(Sink.seq(), materializer);
  }

  /** The domain's accounts and aliases by local part (entries whose kind is not known are left out). */
  public CompletionStage<List<DirectoryEntry>> entries(String domain) {
    return Source.fromPublisher(session.executeReactive(selectEntries.bind(domain)))
        .filter(row -> row.getString("kind") != null)
        .map(row -> new DirectoryEntry(row.getString("local_part") + "@" + domain,
            row.getString("kind"), row.getString("target"),
            row.isNull("quota_bytes") ? null : row.getLong("quota_bytes")))
        .runWith(Sink.seq(), materializer)
        .thenApply(ArrayList::new);
  }

  CompletionStage<Done> domainAdded(String domain) {
    return run(addDomain.bind(DOMAINS_SHARD, domain));
  }

  CompletionStage<Done> domainRemoved(String domain) {
    return run(removeDomain.bind(DOMAINS_SHARD, domain));
  }

  CompletionStage<Done> entrySet(String domain, String localPart, String kind, String target) {
    return run(setEntry.bind(kind, target, domain, localPart));
  }

  CompletionStage<Done> entryCleared(String domain, String localPart) {
    return run(clearEntry.bind(domain, localPart));
  }

  CompletionStage<Done> quotaSet(String domain, String localPart, long quotaBytes) {
    return run(setQuota.bind(quotaBytes, domain, localPart));
  }

  CompletionStage<Done> quotaCleared(String domain, String localPart) {
    return run(clearQuota.bind(domain, localPart));
  }

  private CompletionStage<Done> run(BoundStatement statement) {
    return session.executeAsync(statement).thenApply(rs -> Done.getInstance());
  }
}
