package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Domains and accounts written through one node's admin API are there for a fresh node. */
@ExtendWith(CassandraExtension.class)
class ControlDataSurvivesRestartIT {

  private static final ActorTestKit probes = ActorTestKit.create();

  @AfterAll
  static void stopProbes() {
    probes.shutdownTestKit();
  }

  @Test
  void domainAndAccountSurviveANodeRestart(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);

    try (TestNode first = TestNode.withFreePorts()) {
      first.start(cassandra.contactPoint(), keyspace, List.of(first));
      first.awaitReady(probes);
      AdminApi api = first.admin();
      assertEquals(201, api.post("/api/domains", "{\"name\":\"Example.TEST\"}").status());
      assertEquals(201, api.post("/api/accounts",
          "{\"address\":\"Alice@example.test\",\"password\":\"correct horse battery\",\"quotaBytes\":1048576}").status());
    }

    try (TestNode second = TestNode.withFreePorts()) {
      second.start(cassandra.contactPoint(), keyspace, List.of(second));
      second.awaitReady(probes);
      AdminApi api = second.admin();
      assertEquals(List.of("example.test"), AdminApi.texts(api.get("/api/domains").body().get("domains")));
      AdminApi.Reply account = api.get("/api/accounts/alice@example.test");
      assertEquals(200, account.status(), account.raw());
      assertEquals("alice@example.test", account.body().get("address").asText());
      assertEquals(1048576, account.body().get("quotaBytes").asLong());
      assertFalse(account.raw().contains("argon2"), "the password hash must never be returned");
      assertEquals(List.of("alice@example.test"),
          AdminApi.texts(api.get("/api/domains/example.test/accounts").body().get("accounts")));
    }
  }

}
