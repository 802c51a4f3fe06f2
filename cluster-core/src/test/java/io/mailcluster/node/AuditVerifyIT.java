package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.FlagMode;
import io.mailcluster.mailbox.Flags;
import io.mailcluster.mailbox.Folder;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code audit --verify} on one node against the real Cassandra: every folder of an account that
 * received mail (SMTP), had it flagged, expunged and moved (IMAP) and a folder created, is
 * consistent with its journal; so is a 10,000-message folder (timed); an event written into a
 * folder's journal behind the live entity's back is found; after a restart (folders recovered
 * from snapshot plus events) every folder is consistent again.
 */
@ExtendWith(CassandraExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditVerifyIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOMAIN = "verify.test";
  private static final String PASSWORD = "verify secret 1";
  private static final String ALICE = "alice@" + DOMAIN;
  private static final String BOB = "bob@" + DOMAIN;
  private static final String CAROL = "carol@" + DOMAIN;
  /** Messages in Bob's INBOX; -Dverify.big-folder=N to measure another size. */
  private static final int BIG = Integer.getInteger("verify.big-folder", 10_000);
  private static final List<String> DEFAULT_FOLDERS =
      List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash");

  private static String contactPoint;
  private static String keyspace;
  private static TestNode node;

  @BeforeAll
  static void startNodeAndAct(CassandraEndpoint cassandra) throws Exception {
    contactPoint = cassandra.contactPoint();
    keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(contactPoint, keyspace, List.of(node));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    for (String address : List.of(ALICE, BOB, CAROL)) {
      AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + address
          + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}");
      assertEquals(201, created.status(), created.raw());
    }
    // the node sets its blob store up in the background after start: wait until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      deliver(CAROL, "first");
      return null;
    });
    for (String subject : List.of("one", "two", "three")) {
      deliver(ALICE, subject);
    }
    try (RawImap imap = RawImap.login(node.imapPort, ALICE, PASSWORD)) {
      assertOk(imap.command("SELECT INBOX"));
      assertOk(imap.command("STORE 1 +FLAGS (\\Flagged)"));
      assertOk(imap.command("STORE 2 +FLAGS (\\Seen \\Deleted)"));
      assertOk(imap.command("EXPUNGE"));
      assertOk(imap.command("MOVE 1 Archive"));
      assertOk(imap.command("CREATE Projects"));
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
  void everyFolderIsConsistentAfterMailFlagsExpungesMovesAndACreate() throws Exception {
    JsonNode report = verify(ALICE);
    assertTrue(report.get("consistent").asBoolean(), report.toPrettyString());
    assertEquals(ALICE, report.get("address").asText());
    JsonNode tree = report.get("tree");
    assertTrue(tree.get("consistent").asBoolean(), tree.toString());
    assertEquals(7, tree.get("folders").asInt());
    Map<String, JsonNode> folders = byName(report);
    List<String> names = new ArrayList<>(DEFAULT_FOLDERS);
    names.add("Projects");
    assertEquals(new TreeSet<>(names), new TreeSet<>(folders.keySet()));
    for (JsonNode folder : folders.values()) {
      assertTrue(folder.get("consistent").asBoolean(), folder.toString());
      assertEquals(0, folder.get("differenceCount").asInt(), folder.toString());
      assertEquals(folder.get("sequenceNr").asLong(), folder.get("eventsReplayed").asLong(),
          folder.toString());
    }
    // INBOX: created, 3 appended, 2 flag changes, 1 expunge, then the move's expunge
    JsonNode inbox = folders.get("INBOX");
    assertEquals(1, inbox.get("messages").asLong(), inbox.toString());
    assertEquals(8, inbox.get("eventsReplayed").asLong(), inbox.toString());
    JsonNode archive = folders.get("Archive");
    assertEquals(1, archive.get("messages").asLong(), archive.toString());
    assertEquals(2, archive.get("eventsReplayed").asLong(), archive.toString());
    assertEquals(0, folders.get("Projects").get("messages").asLong());
  }

  @Test
  @Order(2)
  void cliPrintsOneLinePerFolderAndExitsZeroWhenConsistent() throws Exception {
    AdminCliRun.Outcome run = cli("audit", "--verify", ALICE);
    assertEquals(0, run.exit(), run.output());
    List<String> lines = run.output().lines().toList();
    assertEquals(1 + 7 + 1, lines.size(), run.output());
    assertTrue(lines.get(0).matches("folder tree\\s+7 folders\\s+\\d+ events\\s+ok"), run.output());
    assertTrue(lines.stream().anyMatch(
        l -> l.matches("INBOX\\s+\\S+\\s+1 message\\s+8 events\\s+ok")), run.output());
    assertTrue(lines.get(8).startsWith("consistent: "), run.output());
    AdminCliRun.Outcome json = cli("audit", ALICE, "--verify", "--json");
    assertEquals(0, json.exit(), json.output());
    assertTrue(JSON.readTree(json.output()).get("consistent").asBoolean(), json.output());
  }

  @Test
  @Order(3)
  void answers404ForAnUnknownAccountAnd400ForABadAddress() throws Exception {
    AdminApi.Reply unknown = node.admin().get("/api/accounts/nobody@" + DOMAIN + "/audit/verify");
    assertEquals(404, unknown.status(), unknown.raw());
    assertEquals("not_found", unknown.body().get("error").asText());
    AdminApi.Reply bad = node.admin().get("/api/accounts/not-an-address/audit/verify");
    assertEquals(400, bad.status(), bad.raw());
    assertEquals("invalid", bad.body().get("error").asText());
    AdminCliRun.Outcome run = cli("audit", "--verify", "nobody@" + DOMAIN);
    assertEquals(1, run.exit(), run.output());
  }

  @Test
  @Order(4)
  void aBigFolderIsComparedPageByPage() throws Exception {
    StoredMail mail = StoredMail.of(node, keyspace);
    MessageEntry template = mail.inboxEntries(CAROL).get(0);
    String inbox = mail.inbox(BOB);
    long seeding = System.nanoTime();
    new FolderSeeder(node.system(), template).seed(inbox, BIG);
    System.out.printf("%n== audit verify: seeded %,d messages in %.1f s%n", BIG,
        (System.nanoTime() - seeding) / 1e9);
    assertTrue(snapshots(inbox) > 0, "the big folder has saved snapshots");

    long start = System.nanoTime();
    JsonNode report = verify(BOB);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("== audit verify: %s with a %,d-message INBOX verified in %.2f s "
        + "(node: %.2f s) on %d cores%n", BOB, BIG, seconds,
        report.get("elapsedMillis").asLong() / 1000.0,
        Runtime.getRuntime().availableProcessors());
    assertTrue(report.get("consistent").asBoolean(), report.toPrettyString());
    JsonNode folder = byName(report).get("INBOX");
    assertEquals(BIG, folder.get("messages").asLong());
    assertEquals(BIG + 1, folder.get("eventsReplayed").asLong());
  }

  @Test
  @Order(5)
  void anEventWrittenIntoTheJournalBehindTheLiveFoldersBackIsFound() throws Exception {
    StoredMail mail = StoredMail.of(node, keyspace);
    String inbox = mail.inbox(CAROL);
    FolderStatus before = mail.status(inbox);
    assertTrue(verify(CAROL).get("consistent").asBoolean(), "consistent before the write");
    long sequenceNr = StoredMail.await(JournalWriter.append(node.system(), inbox,
        new Folder.FlagsChanged(List.of(1L), FlagMode.ADD, new TreeSet<>(List.of(Flags.SEEN)),
            before.highestModSeq() + 1)));
    assertEquals(3, sequenceNr, "created, appended, then the written event");

    JsonNode report = verify(CAROL);
    assertFalse(report.get("consistent").asBoolean(), report.toPrettyString());
    assertTrue(report.get("tree").get("consistent").asBoolean());
    Map<String, JsonNode> folders = byName(report);
    JsonNode found = folders.get("INBOX");
    assertFalse(found.get("consistent").asBoolean());
    assertEquals(2, found.get("sequenceNr").asLong());
    assertEquals(3, found.get("eventsReplayed").asLong());
    List<String> differences = new ArrayList<>();
    found.get("differences").forEach(d -> differences.add(
        (d.get("uid").isNull() ? "" : d.get("uid").asLong() + " ") + d.get("field").asText()
            + " " + d.get("live").asText() + " -> " + d.get("replayed").asText()));
    assertEquals(List.of(
        "sequenceNr 2 -> 3 (the journal has events the live folder has not applied)",
        "highestModSeq " + before.highestModSeq() + " -> " + (before.highestModSeq() + 1),
        "unseen 1 -> 0",
        "1 flags [] -> [\\Seen]",
        "1 modSeq " + before.highestModSeq() + " -> " + (before.highestModSeq() + 1)),
        differences);
    assertEquals(differences.size(), found.get("differenceCount").asInt());
    folders.values().stream().filter(f -> !f.get("name").asText().equals("INBOX"))
        .forEach(f -> assertTrue(f.get("consistent").asBoolean(), f.toString()));

    AdminCliRun.Outcome run = cli("audit", "--verify", CAROL);
    assertEquals(1, run.exit(), run.output());
    assertTrue(run.output().lines().anyMatch(l -> l.matches(
        "INBOX\\s+\\S+\\s+1 message\\s+3 events\\s+DIFFERS \\(5\\): sequenceNr live=2 .*")),
        run.output());
    assertTrue(run.output().contains("NOT consistent: 1 of 6 folders differ"), run.output());
  }

  @Test
  @Order(6)
  void afterARestartEveryFolderRecoveredFromSnapshotAndEventsIsConsistent() throws Exception {
    node.close();
    node = TestNode.withFreePorts();
    node.start(contactPoint, keyspace, List.of(node));
    node.awaitReady(probes);
    for (String address : List.of(ALICE, BOB, CAROL)) {
      JsonNode report = verify(address);
      assertTrue(report.get("consistent").asBoolean(), report.toPrettyString());
    }
    // the recovered INBOX applied the event written behind the old entity's back
    JsonNode carolInbox = byName(verify(CAROL)).get("INBOX");
    assertEquals(3, carolInbox.get("sequenceNr").asLong(), carolInbox.toString());
    assertEquals(BIG, byName(verify(BOB)).get("INBOX").get("messages").asLong());
  }

  private static JsonNode verify(String address) {
    AdminApi.Reply reply = node.admin().get("/api/accounts/" + address + "/audit/verify");
    assertEquals(200, reply.status(), reply.raw());
    return reply.body();
  }

  private static Map<String, JsonNode> byName(JsonNode report) {
    Map<String, JsonNode> folders = new HashMap<>();
    report.get("folders").forEach(f -> folders.put(f.get("name").asText(), f));
    return folders;
  }

  private static long snapshots(String folderId) throws Exception {
    CqlSession session = StoredMail.await(StorageSession.of(node.system()));
    return session.execute("SELECT sequence_nr FROM " + keyspace + ".snapshots WHERE persistence_id = ?",
        "Folder|" + folderId).all().size();
  }

  private static AdminCliRun.Outcome cli(String... args) throws Exception {
    return AdminCliRun.outcome(node, args);
  }

  private static void deliver(String to, String subject) throws IOException {
    List<String> replies = RawSmtp.send(node.smtpPort, List.of(to),
        "From: sender@remote.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n");
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
  }

  private static void assertOk(List<String> reply) {
    assertTrue(RawImap.last(reply).contains(" OK "), reply.toString());
  }
}
