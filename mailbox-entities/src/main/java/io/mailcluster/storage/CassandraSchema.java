package io.mailcluster.storage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Creates and upgrades the project's keyspace with explicit, numbered CQL scripts.
 *
 * <p>Each script runs once, in order; the version reached is recorded in {@code schema_version}.
 * Every statement is idempotent ({@code IF NOT EXISTS}), so a migration interrupted half-way is
 * simply run again. Run it from one place before nodes start (the launcher's {@code schema}
 * step): several nodes issuing the same DDL at once can leave Cassandra's schema disagreeing.
 */
public final class CassandraSchema {

  /** The scripts in order; version N means the first N have been applied. */
  static final List<String> MIGRATIONS = List.of("001-persistence.cql", "002-blobs.cql",
      "003-message-metadata.cql", "004-maildrop-locks.cql", "005-projections.cql");

  public static final int LATEST_VERSION = MIGRATIONS.size();

  /**
   * DDL waits for every replica to agree on the schema; on a busy machine that takes far longer
   * than the driver's 2 s default request timeout.
   */
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private static final Pattern KEYSPACE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");

  private final CqlSession session;
  private final String keyspace;

  public CassandraSchema(CqlSession session, String keyspace) {
    if (!KEYSPACE_NAME.matcher(keyspace).matches()) {
      throw new IllegalArgumentException(
          "keyspace name must be lower-case letters, digits and _ (at most 48), got: " + keyspace);
    }
    this.session = session;
    this.keyspace = keyspace;
  }

  /**
   * Creates the keyspace with the given replication map (CQL, e.g. {@code {'class':
   * 'SimpleStrategy', 'replication_factor': 1}}) if missing, then applies the scripts not yet
   * applied. Completes with the version reached.
   */
  public CompletionStage<Integer> migrate(String replication) {
    String createKeyspace =
        "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication;
    String createVersionTable =
        "CREATE TABLE IF NOT EXISTS "
            + keyspace
            + ".schema_version (version int PRIMARY KEY, script text, applied_at timestamp)";
    return execute(createKeyspace)
        .thenCompose(rs -> execute(createVersionTable))
        .thenCompose(rs -> currentVersion())
        .thenCompose(this::applyFrom);
  }

  /** The highest version recorded, 0 for a keyspace without migrations; fails if none exists. */
  public CompletionStage<Integer> currentVersion() {
    return session
        .executeAsync("SELECT version FROM " + keyspace + ".schema_version")
        .thenApply(CassandraSchema::highestVersion);
  }

  private CompletionStage<Integer> applyFrom(int current) {
    CompletionStage<Integer> chain = CompletableFuture.completedFuture(current);
    for (int version = current + 1; version <= LATEST_VERSION; version++) {
      int target = version;
      String script = MIGRATIONS.get(version - 1);
      for (String statement : statements(script)) {
        chain = chain.thenCompose(v -> execute(statement).thenApply(rs -> v));
      }
      chain =
          chain.thenCompose(
              v ->
                  execute(
                          "INSERT INTO "
                              + keyspace
                              + ".schema_version (version, script, applied_at)"
                              + " VALUES ("
                              + target
                              + ", '"
                              + script
                              + "', toTimestamp(now()))")
                      .thenApply(rs -> target));
    }
    return chain;
  }

  private CompletionStage<AsyncResultSet> execute(String cql) {
    return session.executeAsync(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
  }

  /** The script's statements with the keyspace filled in, comments and blank lines dropped. */
  List<String> statements(String script) {
    String text = readScript(script).replace("${keyspace}", keyspace);
    StringBuilder withoutComments = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> result = new ArrayList<>();
    for (String statement : withoutComments.toString().split(";")) {
      if (!statement.isBlank()) {
        result.add(statement.strip());
      }
    }
    return result;
  }

  private static String readScript(String script) {
    try (InputStream in = CassandraSchema.class.getResourceAsStream("schema/" + script)) {
      if (in == null) {
        throw new IllegalStateException("schema script missing from the classpath: " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int highestVersion(AsyncResultSet rows) {
    int highest = 0;
    for (Row row : rows.currentPage()) {
      highest = Math.max(highest, row.getInt("version"));
    }
    return highest;
  }
}
