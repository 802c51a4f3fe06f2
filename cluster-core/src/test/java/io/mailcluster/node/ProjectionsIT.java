package io.mailcluster.node;

import static io.mailcluster.node.AuditLines.lines;
import static io.mailcluster.node.AuditLines.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The read side on one node against the real Cassandra: after a scripted session (SMTP delivery,
 * a failed IMAP login, flag, move, expunge, folder create/rename/delete) the projected audit log
 * equals the journal audit record for record; the usage read model equals the folders' own
 * totals; a rebuild drops a read model (even one tampered with) and writes it again identically;
 * a restarted node's projections resume from their saved offsets, losing and repeating nothing.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionsIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOMAIN = "projections.test";
  private static final String PASSWORD = "projected secret 1";
  private static final String ADDRESS = "alice@" + DOMAIN;
  /** Projections read tags a few seconds behind the writes (the plugin's consistency delay). */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);
  private static final Pattern STATUS_LINE =
      Pattern.compile("\\* STATUS \\S+ \\(MESSAGES (\\d+) SIZE (\\d+)\\)");

  private static CassandraEndpoint cassandra;
  private static String keyspace;
  private static TestNode node;

  @BeforeAll
  static void startNodeAndRunTheScript(CassandraEndpoint endpoint) throws Exception {
    cassandra = endpoint;
    keyspace = TestKeyspace.create(cassandra);
    node = startNode();
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + ADDRESS
        + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}");
    assertEquals(201, created.status(), created.raw());
    assertEquals(201, api.post("/api/accounts", "{\"address\":\"bob@" + DOMAIN
        + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":5000000}").status());
    assertEquals(204, api.put("/api/accounts/bob@" + DOMAIN + "/quota", "{\"bytes\":7000000}")
        .status());
    assertEquals(201, api.post("/api/aliases", "{\"alias\":\"info@" + DOMAIN + "\",\"target\":\""
        + ADDRESS + "\"}").status());
    // the node sets its storage services up in the background after start
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      assertEquals(200, api.get("/api/projections").status());
      return null;
    });

    deliver("<first@remote.test>", "first");
    assertThrows(IOException.class, () -> RawImap.login(node.imapPort, ADDRESS, "wrong password"));
    try (RawImap imap = RawImap.login(node.imapPort, ADDRESS, PASSWORD)) {
      assertOk(imap.command("SELECT INBOX"));
      assertOk(imap.command("STORE 1 +FLAGS (\\Flagged)"));
      assertOk(imap.command("MOVE 1 Archive"));
      deliver("<second@remote.test>", "second");
      assertOk(imap.command("NOOP"));
      assertOk(imap.command("STORE 1 +FLAGS (\\Deleted)"));
      assertOk(imap.command("EXPUNGE"));
      deliver("<third@remote.test>", "third");
      assertOk(imap.command("CREATE Projects"));
      assertOk(imap.command("RENAME Projects Work"));
      assertOk(imap.command("DELETE Work"));
    }
    try (RawPop3 pop3 = RawPop3.login(node.pop3Port, ADDRESS, PASSWORD)) {
      assertTrue(pop3.last().startsWith("+OK"), pop3.last());
      assertTrue(pop3.command("DELE 1").startsWith("+OK"), pop3.last());
      assertTrue(pop3.command("QUIT").startsWith("+OK"), pop3.last());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  @Order(1)
  void auditLogEqualsTheJournalAuditRecordForRecord() throws Exception {
    List<JsonNode> journal = lines(node.admin().get(auditPath("audit")).raw());
    List<String> folderSteps = steps(journal).stream()
        .filter(s -> !s.endsWith("FolderCreated") || s.startsWith("Projects")).toList();
    assertEquals(List.of(
        "account AccountCreated", "account FolderAdded", "account FolderAdded",
        "account FolderAdded", "account FolderAdded", "account FolderAdded", "account FolderAdded",
        "account AliasAttached",
        "INBOX MessageAppended", "account LoginFailed", "account LoginSucceeded",
        "INBOX FlagsChanged", "Archive MessageAppended",
        "INBOX MessagesExpunged", "INBOX MessageAppended", "INBOX FlagsChanged",
        "INBOX MessagesExpunged", "INBOX MessageAppended",
        "account FolderAdded", "Projects FolderCreated", "account FolderRemoved",
        "account FolderAdded", "Work FolderRenamed", "Work FolderDeleted", "account FolderRemoved",
        "account LoginSucceeded", "INBOX MessagesExpunged"),
        folderSteps, folderSteps.toString());
    JsonNode failed = journal.stream()
        .filter(r -> r.get("event").asText().equals("LoginFailed")).findFirst().orElseThrow();
    assertEquals("imap", failed.get("fields").get("protocol").asText());
    assertEquals("127.0.0.1", failed.get("fields").get("clientAddress").asText());
    assertEquals(List.of("MOVE", "EXPUNGE", "POP3_DELETE"), journal.stream()
        .filter(r -> r.get("event").asText().equals("MessagesExpunged"))
        .map(r -> r.get("fields").get("cause").asText()).toList());
    assertEquals("pop3", journal.get(journal.size() - 2).get("fields").get("protocol").asText());

    JsonNode delivered = journal.stream()
        .filter(r -> r.get("event").asText().equals("MessageAppended")).findFirst().orElseThrow();
    assertEquals("<first@remote.test>", delivered.get("fields").get("messageId").asText());
    assertEquals("sender@remote.test", delivered.get("fields").get("sender").asText());
    assertTrue(delivered.get("fields").get("size").asLong() > 0, delivered.toString());

    awaitAuditLogEqualsJournal();
  }

  @Test
  @Order(2)
  void usageEqualsTheFoldersOwnTotals() throws Exception {
    awaitUsageEqualsFolders();
    JsonNode usage = node.admin().get(auditPath("usage")).body();
    assertEquals(1, usage.get("messages").asLong(), usage.toString()); // in Archive
    Set<String> names = new TreeSet<>();
    usage.get("folders").forEach(f -> names.add(f.get("name").asText()));
    assertEquals(Set.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"), names);
  }

  @Test
  @Order(3)
  void directoryListsTheDomainsAccountsWithQuotaAndUsageAndItsAliases() throws Exception {
    awaitUsageEqualsFolders();
    long aliceBytes = node.admin().get(auditPath("usage")).body().get("bytes").asLong();
    probes.createTestProbe().awaitAssert(CATCH_UP, Duration.ofMillis(500), () -> {
      assertEquals(List.of(DOMAIN), AdminApi.texts(node.admin().get("/api/directory").body()
          .get("domains")));
      JsonNode listing = node.admin().get("/api/directory/" + DOMAIN).body();
      assertEquals(JSON.readTree("{\"domain\":\"" + DOMAIN + "\",\"accounts\":["
          + "{\"address\":\"" + ADDRESS + "\",\"quotaBytes\":0,\"messages\":1,\"bytes\":"
          + aliceBytes + "},"
          + "{\"address\":\"bob@" + DOMAIN + "\",\"quotaBytes\":7000000,\"messages\":0,"
          + "\"bytes\":0}],"
          + "\"aliases\":[{\"address\":\"info@" + DOMAIN + "\",\"target\":\"" + ADDRESS
          + "\"}]}"), listing);
      return null;
    });
    String table = AdminCliRun.run(node, "directory", DOMAIN);
    assertTrue(table.contains("bob@" + DOMAIN), table);
    assertTrue(table.lines().anyMatch(l -> l.matches("bob@\\S+\\s+7000000\\s+0\\s+0")), table);
    assertTrue(table.contains("info@" + DOMAIN + " -> " + ADDRESS), table);
  }

  @Test
  @Order(4)
  void rebuildDropsTheReadModelsAndWritesThemAgainIdentically() throws Exception {
    awaitUsageEqualsFolders(); // logs in over IMAP: an event the audit must have caught up with
    awaitAuditLogEqualsJournal();
    String auditBefore = node.admin().get(auditPath("audit-log")).raw();
    JsonNode usageBefore = node.admin().get(auditPath("usage")).body();
    JsonNode directoryBefore = node.admin().get("/api/directory/" + DOMAIN).body();
    try (CqlSession session = session()) {
      // tamper with both models: a rebuild must not keep anything it did not write itself
      session.execute("INSERT INTO " + keyspace + ".audit_log (account, month, at, kind, seq_nr,"
          + " folder_id, entity, event, fields) VALUES ('" + ADDRESS + "', '"
          + java.time.YearMonth.now(java.time.ZoneOffset.UTC) + "', toTimestamp(now()), 0, 999,"
          + " '', 'account', 'Forged', '{}')");
      session.execute("UPDATE " + keyspace + ".directory_entries SET quota_bytes = 1"
          + " WHERE domain = '" + DOMAIN + "' AND local_part = 'bob'");
      session.execute("UPDATE " + keyspace + ".account_usage SET bytes = 123456789"
          + " WHERE account = '" + ADDRESS + "' AND folder_id = '"
          + usageBefore.get("folders").get(0).get("folderId").asText() + "'");
    }
    assertTrue(node.admin().get(auditPath("audit-log")).raw().contains("Forged"));

    Instant started = Instant.now();
    for (String name : List.of("audit", "directory")) {
      AdminApi.Reply rebuild = node.admin().post("/api/projections/" + name + "/rebuild", "");
      assertEquals(202, rebuild.status(), rebuild.raw());
    }
    String waited = AdminCliRun.run(node, "projections", "rebuild", "usage", "--wait");
    assertTrue(waited.matches("(?s)rebuilding usage from the journal\nusage caught up after \\d+ ms\n"),
        waited);
    awaitCaughtUp();
    Duration took = Duration.between(started, Instant.now());
    probes.createTestProbe().awaitAssert(CATCH_UP, Duration.ofMillis(500), () -> {
      assertEquals(auditBefore, node.admin().get(auditPath("audit-log")).raw());
      assertEquals(usageBefore, node.admin().get(auditPath("usage")).body());
      assertEquals(directoryBefore, node.admin().get("/api/directory/" + DOMAIN).body());
      return null;
    });
    System.out.printf("rebuilt audit, usage and directory (%d audit records) in %d ms%n",
        lines(auditBefore).size(), took.toMillis());

    AdminApi.Reply unknown = node.admin().post("/api/projections/nothing/rebuild", "");
    assertEquals(404, unknown.status(), unknown.raw());

    List<String> status = AdminCliRun.run(node, "projections", "status").lines().toList();
    assertEquals(19, status.size(), String.join("\n", status));
    assertTrue(status.get(1).matches("audit\\s+account-0\\s+running\\s+\\S+\\s+0"), status.get(1));
    String usage = AdminCliRun.run(node, "usage", ADDRESS);
    assertTrue(usage.lines().anyMatch(l -> l.matches("Archive\\s+1\\s+\\d+")), usage);
  }

  /** Last: it restarts the node. */
  @Test
  @Order(5)
  void aRestartedNodeResumesFromTheSavedOffsets() throws Exception {
    awaitCaughtUp();
    awaitAuditLogEqualsJournal();
    List<JsonNode> beforeRestart = lines(node.admin().get(auditPath("audit")).raw());
    node.close();
    try (CqlSession session = session()) {
      // offsets stay; the log is emptied: what reappears is what was handled after the restart
      session.execute("TRUNCATE " + keyspace + ".audit_log");
    }
    node = startNode();
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      deliver("<after-restart@remote.test>", "after restart");
      return null;
    });

    probes.createTestProbe().awaitAssert(CATCH_UP, Duration.ofMillis(500), () -> {
      List<JsonNode> journal = lines(node.admin().get(auditPath("audit")).raw());
      List<JsonNode> projected = lines(node.admin().get(auditPath("audit-log")).raw());
      List<JsonNode> sinceRestart = new ArrayList<>(journal.subList(beforeRestart.size(),
          journal.size()));
      assertFalse(sinceRestart.isEmpty());
      assertEquals(sinceRestart, projected);
      return null;
    });
    awaitUsageEqualsFolders();
  }

  private static TestNode startNode() {
    TestNode started = TestNode.withFreePorts();
    started.start(cassandra.contactPoint(), keyspace, List.of(started));
    started.awaitReady(probes);
    return started;
  }

  private static void awaitAuditLogEqualsJournal() {
    probes.createTestProbe().awaitAssert(CATCH_UP, Duration.ofMillis(500), () -> {
      String journal = node.admin().get(auditPath("audit")).raw();
      String projected = node.admin().get(auditPath("audit-log")).raw();
      assertEquals(lines(journal), lines(projected));
      return null;
    });
  }

  /** The usage model's messages and octets per folder equal IMAP STATUS (MESSAGES SIZE). */
  private static void awaitUsageEqualsFolders() {
    probes.createTestProbe().awaitAssert(CATCH_UP, Duration.ofMillis(500), () -> {
      JsonNode usage = node.admin().get(auditPath("usage")).body();
      long messages = 0;
      long bytes = 0;
      try (RawImap imap = RawImap.login(node.imapPort, ADDRESS, PASSWORD)) {
        for (JsonNode folder : usage.get("folders")) {
          List<String> reply = imap.command(
              "STATUS \"" + folder.get("name").asText() + "\" (MESSAGES SIZE)");
          Matcher status = STATUS_LINE.matcher(reply.get(0));
          assertTrue(status.matches(), reply.toString());
          assertEquals(Long.parseLong(status.group(1)), folder.get("messages").asLong(), usage.toString());
          assertEquals(Long.parseLong(status.group(2)), folder.get("bytes").asLong(), usage.toString());
          messages += folder.get("messages").asLong();
          bytes += folder.get("bytes").asLong();
        }
        assertEquals(6, usage.get("folders").size(), usage.toString());
      }
      assertEquals(messages, usage.get("messages").asLong());
      assertEquals(bytes, usage.get("bytes").asLong());
      return null;
    });
  }

  /** Every projection instance running, with nothing left to handle. */
  private static void awaitCaughtUp() {
    probes.createTestProbe().awaitAssert(CATCH_UP, Duration.ofMillis(500), () -> {
      AdminApi.Reply status = node.admin().get("/api/projections");
      assertEquals(200, status.status(), status.raw());
      assertEquals(18, status.body().get("projections").size(), status.raw());
      for (JsonNode instance : status.body().get("projections")) {
        assertFalse(instance.get("paused").asBoolean(), status.raw());
        assertEquals(0, instance.get("behind").asLong(), status.raw());
      }
      return null;
    });
  }

  private static CqlSession session() {
    return CqlSession.builder().addContactPoint(cassandra.toInetSocketAddress())
        .withLocalDatacenter("datacenter1").build();
  }

  private static String auditPath(String what) {
    return "/api/accounts/" + ADDRESS + "/" + what;
  }

  private static void deliver(String messageId, String subject) throws IOException {
    List<String> replies = RawSmtp.send(node.smtpPort, List.of(ADDRESS),
        "From: Header Name <header@remote.test>\r\nMessage-ID: " + messageId + "\r\nSubject: " + subject
            + "\r\n\r\nhello\r\n");
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
  }

  private static void assertOk(List<String> reply) {
    assertTrue(RawImap.last(reply).contains(" OK "), reply.toString());
  }
}
