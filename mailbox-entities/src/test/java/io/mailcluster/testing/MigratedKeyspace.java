package io.mailcluster.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.storage.CassandraSchema;
import java.util.concurrent.TimeUnit;

/** A driver session on the test Cassandra with {@code keyspace} migrated to the latest schema. */
public final class MigratedKeyspace {

  private MigratedKeyspace() {}

  public static CqlSession open(CassandraEndpoint cassandra, String keyspace) throws Exception {
    CqlSession session = CqlSession.builder()
        .addContactPoint(cassandra.toInetSocketAddress())
        .withLocalDatacenter(CassandraEndpoint.LOCAL_DATACENTER)
        .build();
    try {
      new CassandraSchema(session, keyspace)
          .migrate("{'class': 'SimpleStrategy', 'replication_factor': 1}")
          .toCompletableFuture().get(120, TimeUnit.SECONDS);
      return session;
    } catch (Exception e) {
      session.close();
      throw e;
    }
  }
}
