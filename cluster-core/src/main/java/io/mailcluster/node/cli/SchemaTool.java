package io.mailcluster.node.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.node.NodeConfig;
import io.mailcluster.storage.CassandraSchema;
import io.mailcluster.storage.StorageSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * `mailcluster schema`: creates or upgrades the keyspace once, before nodes start. Reads the
 * same configuration as a node (MAILCLUSTER_CASSANDRA, MAILCLUSTER_KEYSPACE, ...).
 */
public final class SchemaTool {

  private SchemaTool() {}

  public static void main(String[] args) throws Exception {
    StorageSettings storage = StorageSettings.fromConfig(NodeConfig.load());
    var builder = CqlSession.builder().withLocalDatacenter(storage.localDatacenter());
    for (String contactPoint : storage.contactPoints()) {
      builder.addContactPoint(socketAddress(contactPoint));
    }
    try (CqlSession session = builder.build()) {
      int version =
          new CassandraSchema(session, storage.keyspace())
              .migrate(storage.replication())
              .toCompletableFuture()
              .get(120, TimeUnit.SECONDS);
      System.out.println("schema of keyspace " + storage.keyspace() + " at version " + version);
    } catch (Exception e) {
      System.err.println("mailcluster: schema migration failed: " + e);
      System.exit(1);
    }
  }

  static InetSocketAddress socketAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("Cassandra contact point must be host:port, got: " + hostPort);
    }
    return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
