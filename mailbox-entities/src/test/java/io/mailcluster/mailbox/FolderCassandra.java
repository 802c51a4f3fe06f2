package io.mailcluster.mailbox;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.testing.MigratedKeyspace;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * A keyspace of its own on the test Cassandra for Folder integration tests and benchmarks, the
 * actor system configuration that persists into it, and reads of the stored snapshots.
 */
final class FolderCassandra implements AutoCloseable {

  final CqlSession session;
  final String keyspace;
  private final CassandraEndpoint endpoint;

  FolderCassandra(CassandraEndpoint endpoint, String keyspacePrefix) throws Exception {
    this.endpoint = endpoint;
    // unique per run: a Cassandra given by MAILCLUSTER_TEST_CASSANDRA may be shared
    this.keyspace = keyspacePrefix + "_" + Long.toHexString(System.nanoTime());
    this.session = MigratedKeyspace.open(endpoint, keyspace);
  }

  /** An actor system configuration persisting journal and snapshots into this keyspace. */
  Config config(String overrides) {
    return ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            pekko.persistence.journal.plugin = "pekko.persistence.cassandra.journal"
            pekko.persistence.snapshot-store.plugin = "pekko.persistence.cassandra.snapshot"
            pekko.persistence.cassandra.journal.keyspace = %s
            pekko.persistence.cassandra.snapshot.keyspace = %s
            pekko.persistence.cassandra.events-by-tag.first-time-bucket = "20261101T00:00"
            datastax-java-driver.basic.contact-points = ["%s"]
            datastax-java-driver.basic.load-balancing-policy.local-datacenter = %s
            """.formatted(keyspace, keyspace, endpoint.contactPoint(),
                CassandraEndpoint.LOCAL_DATACENTER)))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  /** The sequence number and size of the folder's latest stored snapshot, if any. */
  StoredSnapshot latestSnapshot(String folderId) {
    // the plugin writes the serialized snapshot into snapshot_data (snapshot is its legacy column)
    Row row = session.execute("SELECT sequence_nr, snapshot_data, snapshot FROM " + keyspace
        + ".snapshots WHERE persistence_id = ? LIMIT 1", "Folder|" + folderId).one();
    if (row == null) {
      return new StoredSnapshot(OptionalLong.empty(), 0);
    }
    ByteBuffer data = row.getByteBuffer(1) != null ? row.getByteBuffer(1) : row.getByteBuffer(2);
    return new StoredSnapshot(OptionalLong.of(row.getLong(0)), data.remaining());
  }

  record StoredSnapshot(OptionalLong sequenceNr, int bytes) {}

  static <T> T ask(ActorSystem<?> system, ActorRef<Folder.Command> folder,
      Function<ActorRef<StatusReply<T>>, Folder.Command> command, Duration timeout)
      throws Exception {
    return AskPattern.askWithStatus(folder, command::apply, timeout, system.scheduler())
        .toCompletableFuture().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      // DDL waits for schema agreement: far beyond the driver's 2 s on a busy machine
      session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
          .setTimeout(Duration.ofSeconds(60)));
    } finally {
      session.close();
    }
  }
}
