package io.mailcluster.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/** A node started in this JVM on 127.0.0.1 with free ports, against the test Cassandra. */
final class TestNode implements AutoCloseable {

  static final String TOKEN = "test-admin-token";
  /** Start-up of a node on 2 busy cores, Cassandra included, stays well under this. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  final int httpPort;
  final int managementPort;
  final int remotingPort;
  private ActorSystem<Void> system;

  private TestNode(int httpPort, int managementPort, int remotingPort) {
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.remotingPort = remotingPort;
  }

  /** Reserves ports for a node without starting it, so a cluster's seeds are known in advance. */
  static TestNode withFreePorts() {
    return new TestNode(freePort(), freePort(), freePort());
  }

  String managementEndpoint() {
    return "127.0.0.1:" + managementPort;
  }

  AdminApi admin() {
    return new AdminApi("http://127.0.0.1:" + httpPort, TOKEN);
  }

  ActorSystem<Void> system() {
    return system;
  }

  TestNode start(String cassandraContactPoint, String keyspace, List<TestNode> cluster) {
    String seeds = String.join(",", cluster.stream().map(TestNode::managementEndpoint).toList());
    Config own =
        ConfigFactory.parseString(
                String.join(
                    "\n",
                    "mail-cluster.node.host = 127.0.0.1",
                    "mail-cluster.admin.port = " + httpPort,
                    "mail-cluster.admin.token = " + TOKEN,
                    "mail-cluster.storage.keyspace = " + keyspace,
                    "pekko.management.http.port = " + managementPort,
                    "pekko.remote.artery.canonical.port = " + remotingPort,
                    "pekko.management.cluster.bootstrap.contact-point-discovery {",
                    "  required-contact-point-nr = " + cluster.size(),
                    "  stable-margin = 1s",
                    "}",
                    // a test JVM must outlive its nodes
                    "pekko.coordinated-shutdown.exit-jvm = off",
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on",
                    // closing a driver session otherwise waits 2 s for netty's quiet period
                    "datastax-java-driver.advanced.netty.io-group.shutdown.quiet-period = 0",
                    "datastax-java-driver.advanced.netty.admin-group.shutdown.quiet-period = 0"))
            .withFallback(ConfigFactory.parseResourcesAnySyntax("application"));
    Config config =
        NodeConfig.load(
            Map.of("MAILCLUSTER_CASSANDRA", cassandraContactPoint, "MAILCLUSTER_SEEDS", seeds), own);
    system = MailClusterNode.start(config);
    return this;
  }

  @Override
  public void close() throws TimeoutException, InterruptedException {
    if (system != null) {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
