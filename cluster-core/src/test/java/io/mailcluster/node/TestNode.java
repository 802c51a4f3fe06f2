package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.cassandra.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;

/** A node started in this JVM on 127.0.0.1 with free ports, against the test Cassandra. */
final class TestNode implements AutoCloseable {

  static final String TOKEN = "test-admin-token";
  /** Start-up of a node on 2 busy cores, Cassandra included, stays well under this. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  final int httpPort;
  final int managementPort;
  final int remotingPort;
  final int smtpPort;
  final int pop3Port;
  final int imapPort;
  private ActorSystem<Void> system;

  private TestNode(int[] ports) {
    this.httpPort = ports[0];
    this.managementPort = ports[1];
    this.remotingPort = ports[2];
    this.smtpPort = ports[3];
    this.pop3Port = ports[4];
    this.imapPort = ports[5];
  }

  /** Reserves ports for a node without starting it, so a cluster's seeds are known in advance. */
  static TestNode withFreePorts() {
    return new TestNode(FreePorts.pick(6));
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
    return start(cassandraContactPoint, keyspace, cluster, ConfigFactory.empty());
  }

  /** As {@link #start(String, String, List)}, with {@code overrides} above the test's settings. */
  TestNode start(String cassandraContactPoint, String keyspace, List<TestNode> cluster,
      Config overrides) {
    String seeds = String.join(",", cluster.stream().map(TestNode::managementEndpoint).toList());
    Config own =
        ConfigFactory.parseString(
                String.join(
                    "\n",
                    "mail-cluster.node.host = 127.0.0.1",
                    "mail-cluster.admin.port = " + httpPort,
                    "mail-cluster.admin.token = " + TOKEN,
                    "mail-cluster.smtp.port = " + smtpPort,
                    "mail-cluster.pop3.port = " + pop3Port,
                    "mail-cluster.imap.port = " + imapPort,
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
    own = overrides.withFallback(own);
    Config config =
        NodeConfig.load(
            Map.of("MAILCLUSTER_CASSANDRA", cassandraContactPoint, "MAILCLUSTER_SEEDS", seeds), own);
    system = MailClusterNode.start(config);
    return this;
  }

  /** Waits until the node's /ready answers 200: member Up, Cassandra answering, schema current. */
  void awaitReady(ActorTestKit probes) {
    probes.createTestProbe().awaitAssert(START_TIMEOUT, Duration.ofMillis(250), () -> {
      assertEquals(200, AdminApi.managementStatus(managementPort, "/ready"), "node ready");
      return null;
    });
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
}
