package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  private static Config load(Map<String, String> env) {
    return NodeConfig.load(env, ConfigFactory.parseResourcesAnySyntax("application"));
  }

  @Test
  void cassandraVariableSetsContactPointsOfNodeAndDriver() {
    Config config = load(Map.of("MAILCLUSTER_CASSANDRA", "10.0.0.5:9042, 10.0.0.6:9043"));
    List<String> expected = List.of("10.0.0.5:9042", "10.0.0.6:9043");
    assertEquals(expected, config.getStringList("mail-cluster.storage.contact-points"));
    assertEquals(expected, config.getStringList("datastax-java-driver.basic.contact-points"));
  }

  @Test
  void seedsBecomeConfigDiscoveryEndpointsOfTheService() {
    Config config = load(Map.of("MAILCLUSTER_SEEDS", "127.0.0.1:8558,127.0.0.2:8558"));
    var endpoints = config.getConfigList("pekko.discovery.config.services.mailcluster.endpoints");
    assertEquals(2, endpoints.size());
    assertEquals("127.0.0.2", endpoints.get(1).getString("host"));
    assertEquals(8558, endpoints.get(1).getInt("port"));
  }

  @Test
  void withoutVariablesTheDefaultsApply() {
    Config config = load(Map.of());
    assertEquals(List.of("127.0.0.1:9042"), config.getStringList("datastax-java-driver.basic.contact-points"));
    assertEquals("mailcluster", config.getString("pekko.persistence.cassandra.journal.keyspace"));
    assertEquals(false, config.getBoolean("pekko.actor.allow-java-serialization"));
    assertEquals(
        "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        config.getString("pekko.cluster.downing-provider-class"));
  }

  @Test
  void projectionOffsetsLiveInTheNodesKeyspaceWhateverTheClasspathOrder() {
    // pekko-projection-cassandra's reference.conf says "pekko_projection": ours must win
    Config config = NodeConfig.load(Map.of(), ConfigFactory.parseString(
        "mail-cluster.storage.keyspace = mc_other")
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    assertEquals("mc_other", config.getString("pekko.projection.cassandra.offset-store.keyspace"));
    assertEquals("pekko.persistence.cassandra",
        config.getString("pekko.projection.cassandra.session-config-path"));
  }

  @Test
  void smtpListensOnTheNodeHostAndItsDrainFitsTheUnbindPhase() {
    Config config = NodeConfig.load(Map.of(), ConfigFactory.parseString("mail-cluster.node.host = 10.1.2.3")
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    assertEquals("10.1.2.3", config.getString("mail-cluster.smtp.host"));
    if (System.getenv("MAILCLUSTER_SMTP_PORT") == null) {
      assertEquals(2525, config.getInt("mail-cluster.smtp.port"));
    }
    assertTrue(config.getDuration("mail-cluster.smtp.shutdown-drain-timeout").compareTo(
        config.getDuration("pekko.coordinated-shutdown.phases.service-unbind.timeout")) < 0,
        "the SMTP drain must end before the service-unbind phase times out");
  }

  @Test
  void aSeedWithoutPortIsRejectedWithItsValue() {
    var error = assertThrows(IllegalArgumentException.class,
        () -> load(Map.of("MAILCLUSTER_SEEDS", "127.0.0.1")));
    assertEquals("seed must be host:port, got: 127.0.0.1", error.getMessage());
  }

  /**
   * The PROXY protocol variables. A substitution finds a root key of the same name before the
   * environment, so a root key stands in for the variable here.
   */
  @Test
  void proxyProtocolIsOffUnlessItsVariablesTurnItOn() {
    Config off = load(Map.of());
    for (String listener : List.of("smtp", "pop3", "imap")) {
      if (System.getenv("MAILCLUSTER_PROXY_PROTOCOL") == null) {
        assertEquals(false, off.getBoolean("mail-cluster." + listener + ".proxy-protocol"));
      }
    }
    Config on = NodeConfig.load(Map.of(), ConfigFactory.parseString(
            "MAILCLUSTER_PROXY_PROTOCOL = on\nMAILCLUSTER_POP3_PROXY_PROTOCOL = off\n"
                + "MAILCLUSTER_PROXY_PROTOCOL_TIMEOUT = 2s")
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    assertEquals(true, on.getBoolean("mail-cluster.smtp.proxy-protocol"));
    assertEquals(false, on.getBoolean("mail-cluster.pop3.proxy-protocol"), "per listener wins");
    assertEquals(true, on.getBoolean("mail-cluster.imap.proxy-protocol"));
    assertEquals(java.time.Duration.ofSeconds(2),
        on.getDuration("mail-cluster.proxy-protocol.header-timeout"));
  }
}
