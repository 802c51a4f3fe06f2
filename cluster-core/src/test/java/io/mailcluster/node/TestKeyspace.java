package io.mailcluster.node;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.storage.CassandraSchema;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A fresh keyspace per test class, created with the project's own migrations. */
final class TestKeyspace {

  private TestKeyspace() {}

  static String create(CassandraEndpoint cassandra) throws Exception {
    String keyspace = "mc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(cassandra.toInetSocketAddress())
        .withLocalDatacenter("datacenter1")
        .build()) {
      new CassandraSchema(session, keyspace)
          .migrate("{'class': 'SimpleStrategy', 'replication_factor': 1}")
          .toCompletableFuture()
          .get(120, TimeUnit.SECONDS);
    }
    return keyspace;
  }
}
