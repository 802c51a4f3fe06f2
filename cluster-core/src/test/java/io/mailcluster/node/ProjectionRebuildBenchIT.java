package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.MessageEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How fast a read model is rebuilt from the journal, on one node with its Cassandra on the same
 * machine: ACCOUNTS accounts with MESSAGES messages each in their INBOX (seeded with
 * Folder.AppendBatch, all pointing at one real message), then the usage model and the audit log
 * are rebuilt one after the other, each timed until every account's read model is complete again.
 * Events per second = the events of the tags the model reads / the time.
 */
@Tag("bench")
@ExtendWith(CassandraExtension.class)
class ProjectionRebuildBenchIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "rebuild.bench";
  private static final String PASSWORD = "rebuild bench 1";
  private static final int ACCOUNTS = Integer.getInteger("bench.rebuild.accounts", 20);
  private static final int MESSAGES = Integer.getInteger("bench.rebuild.messages", 1_000);
  /** Per account: AccountCreated and six FolderAdded; six FolderCreated and the appends. */
  private static final int ACCOUNT_EVENTS = 7;
  private static final int FOLDER_EVENTS = 6 + MESSAGES;
  private static final Duration REBUILD_LIMIT = Duration.ofMinutes(20);

  private static TestNode node;

  @BeforeAll
  static void startAndSeed(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(cassandra.contactPoint(), keyspace, List.of(node));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    for (int i = 0; i <= ACCOUNTS; i++) {
      assertEquals(201, api.post("/api/accounts", "{\"address\":\"" + address(i)
          + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}").status());
    }
    StoredMail mail = StoredMail.of(node, keyspace);
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      List<String> replies = RawSmtp.send(node.smtpPort, List.of(address(0)),
          "From: a@remote.test\r\nMessage-ID: <template@remote.test>\r\nSubject: t\r\n\r\nbody\r\n");
      assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
      return null;
    });
    MessageEntry template = mail.inboxEntries(address(0)).get(0);
    FolderSeeder seeder = new FolderSeeder(node.system(), template);
    long start = System.nanoTime();
    for (int i = 1; i <= ACCOUNTS; i++) {
      seeder.seed(mail.inbox(address(i)), MESSAGES);
    }
    System.out.printf("%n== projection rebuild bench: %s%n   seeded %d accounts x %,d messages in %.1f s%n",
        BenchMachine.describe(), ACCOUNTS, MESSAGES, (System.nanoTime() - start) / 1e9);
    // the live projections catch up first, so the rebuilds start from a quiet read side
    awaitAll(usage -> usage.get("messages").asLong() == MESSAGES, "usage");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  void rebuildRates() throws Exception {
    double usage = rebuild("usage", ACCOUNTS * FOLDER_EVENTS,
        u -> u.get("messages").asLong() == MESSAGES);
    double audit = rebuild("audit", ACCOUNTS * (ACCOUNT_EVENTS + FOLDER_EVENTS),
        log -> log.get("lines").asLong() == ACCOUNT_EVENTS + FOLDER_EVENTS);
    System.out.printf("   %-8s %,10d events  %,8.0f events/s%n", "usage",
        ACCOUNTS * FOLDER_EVENTS, usage);
    System.out.printf("   %-8s %,10d events  %,8.0f events/s%n", "audit",
        ACCOUNTS * (ACCOUNT_EVENTS + FOLDER_EVENTS), audit);
  }

  /** Rebuilds the model and answers its rate in events per second. */
  private static double rebuild(String model, long events, Predicate<JsonNode> complete)
      throws Exception {
    String machine = BenchMachine.describe();
    long start = System.nanoTime();
    assertEquals(202, node.admin().post("/api/projections/" + model + "/rebuild", "").status());
    awaitAll(complete, model);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("   rebuilt %s: %,d events in %.1f s (machine before: %s, after: %s)%n",
        model, events, seconds, machine, BenchMachine.describe());
    return events / seconds;
  }

  /** Account by account (each checked until it is complete, then never again). */
  private static void awaitAll(Predicate<JsonNode> complete, String model) {
    for (int i = 1; i <= ACCOUNTS; i++) {
      String address = address(i);
      probes.createTestProbe().awaitAssert(REBUILD_LIMIT, Duration.ofMillis(250), () -> {
        assertTrue(complete.test(state(model, address)), model + " of " + address);
        return null;
      });
    }
  }

  /** The usage JSON, or for the audit log {"lines": n}. */
  private static JsonNode state(String model, String address) throws IOException {
    if (model.equals("usage")) {
      return node.admin().get("/api/accounts/" + address + "/usage").body();
    }
    long lines = node.admin().get("/api/accounts/" + address + "/audit-log").raw().lines().count();
    return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("lines", lines);
  }

  private static String address(int i) {
    return "user" + i + "@" + DOMAIN;
  }
}
