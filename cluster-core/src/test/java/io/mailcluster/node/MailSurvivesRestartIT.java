package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mail acknowledged with 250 is still listed after the node stops and a fresh one starts. */
@ExtendWith(CassandraExtension.class)
class MailSurvivesRestartIT {

  private static final ActorTestKit probes = ActorTestKit.create();

  @AfterAll
  static void stopProbes() {
    probes.shutdownTestKit();
  }

  @Test
  void deliveredMailSurvivesANodeRestart(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    String address = "erin@restart.test";
    try (TestNode first = TestNode.withFreePorts()) {
      first.start(cassandra.contactPoint(), keyspace, List.of(first));
      first.awaitReady(probes);
      AdminApi api = first.admin();
      assertEquals(201, api.post("/api/domains", "{\"name\":\"restart.test\"}").status());
      assertEquals(201, api.post("/api/accounts", "{\"address\":\"" + address
          + "\",\"password\":\"correct horse battery\",\"quotaBytes\":0}").status());
      probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
        List<String> replies = RawSmtp.send(first.smtpPort, List.of(address),
            "From: Sender <s@remote.test>\r\nSubject: kept\r\n\r\nstill here\r\n");
        assertTrue(replies.get(replies.size() - 1).startsWith("250 "), replies.toString());
        return null;
      });
    }

    try (TestNode second = TestNode.withFreePorts()) {
      second.start(cassandra.contactPoint(), keyspace, List.of(second));
      second.awaitReady(probes);
      AdminApi api = second.admin();
      probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
        AdminApi.Reply listing = api.get("/api/accounts/" + address + "/folders/INBOX/messages");
        assertEquals(200, listing.status(), listing.raw());
        assertEquals(1, listing.body().get("messages").size(), listing.raw());
        assertEquals("kept", listing.body().get("messages").get(0).get("subject").asText());
        assertEquals("Sender <s@remote.test>",
            listing.body().get("messages").get(0).get("from").asText());
        return null;
      });
    }
  }
}
