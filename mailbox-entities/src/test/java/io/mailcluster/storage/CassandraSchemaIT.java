package io.mailcluster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The migrations against a real Cassandra: every table the journal plugin needs, idempotently. */
@ExtendWith(CassandraExtension.class)
class CassandraSchemaIT {

  private static final String REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}";

  @Test
  void migrateCreatesEveryTableAndIsIdempotent(CassandraEndpoint cassandra) throws Exception {
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(cassandra.toInetSocketAddress())
        .withLocalDatacenter(CassandraEndpoint.LOCAL_DATACENTER)
        .build()) {
      CassandraSchema schema = new CassandraSchema(session, "mc_schema_it");
      assertEquals(CassandraSchema.LATEST_VERSION, schema.migrate(REPLICATION).toCompletableFuture().get(120, TimeUnit.SECONDS));
      assertEquals(CassandraSchema.LATEST_VERSION, schema.migrate(REPLICATION).toCompletableFuture().get(120, TimeUnit.SECONDS));
      assertEquals(CassandraSchema.LATEST_VERSION, schema.currentVersion().toCompletableFuture().get(30, TimeUnit.SECONDS));

      Set<String> tables = new TreeSet<>();
      session.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'mc_schema_it'")
          .forEach(row -> tables.add(row.getString("table_name")));
      assertEquals(Set.of("all_persistence_ids", "blob_chunks", "blob_manifests", "maildrop_locks", "message_metadata", "messages",
          "metadata", "schema_version", "snapshots", "tag_scanning", "tag_views", "tag_write_progress",
          // 005: projection offsets and the read models
          "offset_store", "projection_management", "audit_log", "audit_months", "audit_folders",
          "folder_usage", "account_usage", "directory_domains", "directory_entries"), tables);
      assertEquals(CassandraSchema.LATEST_VERSION, session.execute("SELECT count(*) FROM mc_schema_it.schema_version").one().getLong(0));
    }
  }

  @Test
  void statementsFillInTheKeyspaceAndDropComments() {
    var statements = new CassandraSchema(null, "ks_one").statements("001-persistence.cql");
    assertEquals(7, statements.size());
    statements.forEach(s -> assertTrue(s.startsWith("CREATE TABLE IF NOT EXISTS ks_one."), s));
  }

  @Test
  void metadataScriptIsVersionThreeAndOneTable() {
    assertEquals("003-message-metadata.cql", CassandraSchema.MIGRATIONS.get(2));
    var statements = new CassandraSchema(null, "ks_one").statements("003-message-metadata.cql");
    assertEquals(1, statements.size());
    assertTrue(statements.get(0).startsWith("CREATE TABLE IF NOT EXISTS ks_one.message_metadata"), statements.get(0));
  }

  @Test
  void rejectsKeyspaceNamesThatAreNotPlainIdentifiers() {
    assertThrows(IllegalArgumentException.class, () -> new CassandraSchema(null, "bad; DROP"));
    assertThrows(IllegalArgumentException.class, () -> new CassandraSchema(null, "Upper"));
  }
}
