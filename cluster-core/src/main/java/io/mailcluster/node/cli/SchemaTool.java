package io.mailcluster.node.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.node.NodeConfig;
import io.mailcluster.storage.CassandraSchema;
import io.mailcluster.storage.StorageSettings;
import com.datastax.oss.driver.internal.core.config.typesafe.DefaultDriverConfigLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.concurrent.TimeUnit;

/**
 * `mailcluster schema`: creates or upgrades the keyspace once, before nodes start. Reads the
 * same configuration as a node (MAILCLUSTER_CASSANDRA, MAILCLUSTER_KEYSPACE, ...).
 */
public final class SchemaTool {

  private SchemaTool() {}

  public static void main(String[] args) throws Exception {
    // unlike a node, this tool must give up when Cassandra does not answer
    Config config =
        NodeConfig.load()
            .withValue("datastax-java-driver.advanced.reconnect-on-init", ConfigValueFactory.fromAnyRef(false))
            // exit at once instead of waiting out netty's 2 s quiet period
            .withValue("datastax-java-driver.advanced.netty.io-group.shutdown.quiet-period", ConfigValueFactory.fromAnyRef(0))
            .withValue("datastax-java-driver.advanced.netty.admin-group.shutdown.quiet-period", ConfigValueFactory.fromAnyRef(0));
    StorageSettings storage = StorageSettings.fromConfig(config);
    // the driver section of the node's own config: same contact points, datacenter and timeouts
    var driverConfig = new DefaultDriverConfigLoader(() -> config.getConfig("datastax-java-driver"));
    try (CqlSession session = CqlSession.builder().withConfigLoader(driverConfig).build()) {
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
}
