package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.cassandra.CassandraSettings;
import io.mailcluster.cassandra.EmbeddedCassandra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Cassandra gone, a write through the admin API is answered 503 (nothing acknowledged)
 * and the node reports itself not ready; it does not crash. Uses its own Cassandra, since it
 * stops it.
 */
class StorageOutageIT {

  private static final ActorTestKit probes = ActorTestKit.create();

  @TempDir Path cassandraDir;

  @AfterAll
  static void stopProbes() {
    probes.shutdownTestKit();
  }

  @Test
  void writesAnswer503AndNodeIsNotReadyWhileCassandraIsDown() throws Exception {
    try (EmbeddedCassandra cassandra = EmbeddedCassandra.start(CassandraSettings.forTests(cassandraDir));
        TestNode node = TestNode.withFreePorts()) {
      String keyspace = TestKeyspace.create(cassandra.endpoint());
      node.start(cassandra.endpoint().contactPoint(), keyspace, List.of(node));
      node.awaitReady(probes);
      AdminApi api = node.admin();
      assertEquals(201, api.post("/api/domains", "{\"name\":\"before.test\"}").status());

      cassandra.stop();

      AdminApi.Reply write = api.post("/api/domains", "{\"name\":\"during.test\"}");
      assertEquals(503, write.status(), write.raw());
      assertEquals("unavailable", write.body().get("error").asText());
      probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
        assertEquals(500, AdminApi.managementStatus(node.managementPort, "/ready"), "not ready");
        return null;
      });
      assertEquals(200, AdminApi.managementStatus(node.managementPort, "/alive"), "still alive");
    }
  }

  @Test
  void smtpAnswers451AtEndOfDataWhileCassandraIsDown() throws Exception {
    try (EmbeddedCassandra cassandra = EmbeddedCassandra.start(CassandraSettings.forTests(cassandraDir));
        TestNode node = TestNode.withFreePorts()) {
      String keyspace = TestKeyspace.create(cassandra.endpoint());
      node.start(cassandra.endpoint().contactPoint(), keyspace, List.of(node));
      node.awaitReady(probes);
      AdminApi api = node.admin();
      assertEquals(201, api.post("/api/domains", "{\"name\":\"outage.test\"}").status());
      assertEquals(201, api.post("/api/accounts", "{\"address\":\"frank@outage.test\","
          + "\"password\":\"correct horse battery\",\"quotaBytes\":0}").status());
      List<String> recipients = List.of("frank@outage.test");
      probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
        List<String> replies = RawSmtp.send(node.smtpPort, recipients,
            "Subject: before\r\n\r\nstored\r\n");
        assertTrue(replies.get(replies.size() - 1).startsWith("250 "), replies.toString());
        return null;
      });

      cassandra.stop();

      List<String> replies = RawSmtp.send(node.smtpPort, recipients,
          "Subject: during\r\n\r\nnot acknowledged\r\n");
      String afterData = replies.get(replies.size() - 1);
      assertTrue(afterData.startsWith("451 4.3.0"), replies.toString());
    }
  }
}
