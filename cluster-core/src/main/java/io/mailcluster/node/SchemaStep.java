package io.mailcluster.node;

import io.mailcluster.storage.CassandraSchema;
import io.mailcluster.storage.StorageSettings;
import org.apache.pekko.actor.typed.ActorSystem;

/** Runs the schema migration from the node itself, when mail-cluster.storage.auto-migrate = on. */
final class SchemaStep {

  private SchemaStep() {}

  static void migrateInBackground(ActorSystem<?> system, StorageSettings storage) {
    StorageSession.of(system)
        .thenCompose(
            session -> new CassandraSchema(session, storage.keyspace()).migrate(storage.replication()))
        .whenComplete(
            (version, failure) -> {
              if (failure != null) {
                system.log().error("schema migration failed; the node stays not ready", failure);
              } else {
                system.log().info("schema of keyspace {} at version {}", storage.keyspace(), version);
              }
            });
  }
}
