package io.mailcluster.node.health;

import io.mailcluster.node.StorageSession;
import io.mailcluster.storage.CassandraSchema;
import io.mailcluster.storage.StorageSettings;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Readiness: Cassandra answers and the keyspace's schema is at the version this node needs.
 * Registered under pekko.management.health-checks.readiness-checks; the member-Up check comes
 * with pekko-management-cluster-http. A failure's message is shown by /ready.
 */
public final class StorageReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private final ActorSystem system;
  private final StorageSettings storage;

  public StorageReadinessCheck(ActorSystem system) {
    this.system = system;
    this.storage = StorageSettings.fromConfig(system.settings().config());
  }

  @Override
  public CompletionStage<Boolean> get() {
    return StorageSession.of(system)
        .thenCompose(session -> new CassandraSchema(session, storage.keyspace()).currentVersion())
        .thenApply(this::requireLatest);
  }

  private boolean requireLatest(int version) {
    if (version < CassandraSchema.LATEST_VERSION) {
      throw new IllegalStateException(
          "keyspace "
              + storage.keyspace()
              + " is at schema version "
              + version
              + ", this node needs "
              + CassandraSchema.LATEST_VERSION
              + ": run `mailcluster schema` (or set mail-cluster.storage.auto-migrate = on)");
    }
    return true;
  }
}
