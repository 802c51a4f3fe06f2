package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mailcluster.cassandra.CassandraEndpoint;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/**
 * Two nodes in one cluster on a fresh keyspace of the test Cassandra, with one domain and its
 * accounts created through the admin API: the scene of the protocol ITs.
 */
final class TwoNodeCluster implements AutoCloseable {

  final TestNode nodeA;
  final TestNode nodeB;
  final StoredMail mail;

  private TwoNodeCluster(TestNode nodeA, TestNode nodeB, StoredMail mail) {
    this.nodeA = nodeA;
    this.nodeB = nodeB;
    this.mail = mail;
  }

  static TwoNodeCluster start(CassandraEndpoint cassandra, ActorTestKit probes, String domain,
      String password, List<String> users) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    TestNode a = TestNode.withFreePorts();
    TestNode b = TestNode.withFreePorts();
    List<TestNode> cluster = List.of(a, b);
    try {
      a.start(cassandra.contactPoint(), keyspace, cluster);
      b.start(cassandra.contactPoint(), keyspace, cluster);
      a.awaitReady(probes);
      b.awaitReady(probes);
      AdminApi api = a.admin();
      assertEquals(201, api.post("/api/domains", "{\"name\":\"" + domain + "\"}").status());
      for (String user : users) {
        AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + user + "@" + domain
            + "\",\"password\":\"" + password + "\",\"quotaBytes\":0}");
        assertEquals(201, created.status(), created.raw());
      }
      return new TwoNodeCluster(a, b, StoredMail.of(a, keyspace));
    } catch (Exception | AssertionError e) {
      b.close(); // a node that never started closes as a no-op
      a.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    nodeB.close();
    nodeA.close();
  }
}
