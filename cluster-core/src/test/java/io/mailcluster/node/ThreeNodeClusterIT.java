package io.mailcluster.node;

import static io.mailcluster.node.AdminApi.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.cassandra.CassandraExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three nodes in this JVM form one cluster through Cluster Bootstrap; control data written on
 * node 1 is read on node 3, and the admin API's errors keep their meaning across nodes.
 */
@ExtendWith(CassandraExtension.class)
class ThreeNodeClusterIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final List<TestNode> nodes = new ArrayList<>();

  @BeforeAll
  static void formCluster() throws Exception {
    var cassandra = CassandraExtension.endpoint();
    String keyspace = TestKeyspace.create(cassandra);
    for (int i = 0; i < 3; i++) {
      nodes.add(TestNode.withFreePorts());
    }
    for (TestNode node : nodes) {
      node.start(cassandra.contactPoint(), keyspace, nodes);
    }
    for (TestNode node : nodes) {
      node.awaitReady(probes);
    }
    probes.createTestProbe().awaitAssert(TestNode.START_TIMEOUT, Duration.ofMillis(250), () -> {
      for (TestNode node : nodes) {
        assertEquals(3, upMembers(node), "members Up seen by node on " + node.managementPort);
      }
      return null;
    });
  }

  @AfterAll
  static void stopCluster() {
    for (TestNode node : nodes) {
      try {
        node.close();
      } catch (Exception e) {
        System.err.println("node on " + node.managementPort + " did not stop cleanly: " + e);
      }
    }
    probes.shutdownTestKit();
  }

  @Test
  void accountCreatedThroughNodeOneIsReadThroughNodeThree() {
    AdminApi one = nodes.get(0).admin();
    AdminApi three = nodes.get(2).admin();
    assertEquals(201, one.post("/api/domains", "{\"name\":\"cluster.test\"}").status());
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String address = "user" + i + "@cluster.test";
      assertEquals(201, one.post("/api/accounts",
          "{\"address\":\"" + address + "\",\"password\":\"password-" + i + "\"}").status());
      created.add(address);
    }
    for (String address : created) {
      AdminApi.Reply reply = three.get("/api/accounts/" + address);
      assertEquals(200, reply.status(), reply.raw());
      assertEquals(address, reply.body().get("address").asText());
    }
    List<String> listed = texts(three.get("/api/accounts?domain=cluster.test").body().get("accounts"));
    assertEquals(created.stream().sorted().toList(), listed.stream().sorted().toList());
  }

  @Test
  void messageSentToNodeOneIsListedThroughNodeTwo() {
    AdminApi one = nodes.get(0).admin();
    AdminApi two = nodes.get(1).admin();
    assertEquals(201, one.post("/api/domains", "{\"name\":\"mail.cluster.test\"}").status());
    String address = "gina@mail.cluster.test";
    assertEquals(201, one.post("/api/accounts",
        "{\"address\":\"" + address + "\",\"password\":\"password-gina\"}").status());
    // node 1 sets its blob store up in the background: retry until it accepts the message
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      List<String> replies = RawSmtp.send(nodes.get(0).smtpPort, List.of(address),
          "From: <x@remote.test>\r\nSubject: across nodes\r\n\r\nhi\r\n");
      assertTrue(replies.get(replies.size() - 1).startsWith("250 "), replies.toString());
      return null;
    });
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      AdminApi.Reply listing = two.get("/api/accounts/" + address + "/folders/INBOX/messages");
      assertEquals(200, listing.status(), listing.raw());
      assertEquals(1, listing.body().get("messages").size(), listing.raw());
      assertEquals("across nodes", listing.body().get("messages").get(0).get("subject").asText());
      assertEquals("x@remote.test", listing.body().get("messages").get(0).get("from").asText());
      return null;
    });
  }

  @Test
  void rejectionsKeepTheirStatusOnEveryNode() {
    AdminApi one = nodes.get(0).admin();
    assertEquals(201, one.post("/api/domains", "{\"name\":\"errors.test\"}").status());
    assertEquals(201, one.post("/api/accounts",
        "{\"address\":\"bob@errors.test\",\"password\":\"long enough\"}").status());
    for (TestNode node : nodes) {
      AdminApi api = node.admin();
      for (int i = 0; i < 10; i++) {
        AdminApi.Reply missing = api.get("/api/accounts/nobody" + i + "@errors.test");
        assertEquals(404, missing.status(), missing.raw());
        assertEquals("not_found", missing.body().get("error").asText());
      }
      assertEquals(409, api.post("/api/domains", "{\"name\":\"errors.test\"}").status());
      assertEquals(409, api.post("/api/accounts",
          "{\"address\":\"bob@errors.test\",\"password\":\"long enough\"}").status());
      assertEquals(409, api.delete("/api/domains/errors.test").status(), "domain with accounts");
      assertEquals(400, api.post("/api/domains", "{\"name\":\"no spaces.test\"}").status());
      assertEquals(400, api.post("/api/domains", "{\"nmae\":\"typo.test\"}").status());
      assertEquals(400, api.post("/api/domains", "not json").status());
      assertEquals(400, api.post("/api/accounts", "{\"address\":\"carol@errors.test\"}").status());
      assertEquals(404, api.post("/api/accounts",
          "{\"address\":\"dave@unknown.test\",\"password\":\"long enough\"}").status());
      assertEquals(404, api.get("/api/no-such-thing").status());
      assertEquals(405, api.put("/api/domains", "{}").status());
      AdminApi.Reply tooLarge = api.post("/api/domains", "{\"name\":\"" + "a".repeat(70_000) + ".test\"}");
      assertEquals(413, tooLarge.status(), tooLarge.raw());
      assertEquals("too_large", tooLarge.body().get("error").asText());
    }
  }

  @Test
  void everyRequestNeedsTheAdminToken() {
    AdminApi api = nodes.get(1).admin();
    AdminApi.Reply anonymous = api.withToken("GET", "/api/domains", null, null);
    assertEquals(401, anonymous.status());
    assertEquals("unauthorized", anonymous.body().get("error").asText());
    assertEquals(403, api.withToken("GET", "/api/domains", null, "wrong").status());
    assertEquals(403, api.withToken("POST", "/api/domains", "{\"name\":\"sneaky.test\"}", "wrong").status());
    assertFalse(texts(api.get("/api/domains").body().get("domains")).contains("sneaky.test"));
  }

  @Test
  void clusterStatusShowsEveryMemberUpAndShardsSpread() {
    AdminApi one = nodes.get(0).admin();
    assertEquals(201, one.post("/api/domains", "{\"name\":\"spread.test\"}").status());
    for (int i = 0; i < 12; i++) {
      assertEquals(201, one.post("/api/accounts",
          "{\"address\":\"u" + i + "@spread.test\",\"password\":\"password-" + i + "\"}").status());
    }
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      AdminApi.Reply status = nodes.get(2).admin().get("/api/cluster");
      assertEquals(200, status.status(), status.raw());
      var members = StreamSupport.stream(status.body().get("members").spliterator(), false).toList();
      assertEquals(3, members.size());
      members.forEach(m -> assertEquals("Up", m.get("status").asText()));
      long nodesWithShards = StreamSupport.stream(status.body().get("shards").spliterator(), false)
          .filter(perType -> StreamSupport.stream(perType.spliterator(), false).anyMatch(n -> n.asInt() > 0))
          .count();
      assertTrue(nodesWithShards >= 2, "shards hosted on at least two nodes: " + status.raw());
      return null;
    });
  }

  private static long upMembers(TestNode node) {
    var api = new AdminApi("http://127.0.0.1:" + node.managementPort, null);
    AdminApi.Reply members = api.get("/cluster/members");
    if (members.status() != 200) {
      return 0;
    }
    return StreamSupport.stream(members.body().get("members").spliterator(), false)
        .filter(m -> m.get("status").asText().equals("Up"))
        .count();
  }
}
