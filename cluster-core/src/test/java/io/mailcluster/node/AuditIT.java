package io.mailcluster.node;

import static io.mailcluster.node.AuditLines.lines;
import static io.mailcluster.node.AuditLines.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit of an account read straight from the journal, on one node against the real
 * Cassandra: an account created over the admin API, a message delivered by SMTP, flagged and
 * moved to Archive over IMAP; GET /api/accounts/{address}/audit answers exactly the events those
 * steps persisted, in journal order, one JSON line each. Another account gets a refused IMAP
 * LOGIN and a POP3 login that gets in: both are in its audit with protocol and client address.
 */
@ExtendWith(CassandraExtension.class)
class AuditIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOMAIN = "audit.test";
  private static final String PASSWORD = "audit secret 1";
  private static final String ADDRESS = "alice@" + DOMAIN;
  /** The account whose logins are audited. */
  private static final String LOGINS = "bob@" + DOMAIN;

  private static TestNode node;

  @BeforeAll
  static void startNodeAndAct(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(cassandra.contactPoint(), keyspace, List.of(node));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    for (String address : List.of(ADDRESS, "warmup@" + DOMAIN, LOGINS)) {
      AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + address
          + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}");
      assertEquals(201, created.status(), created.raw());
    }
    // the node sets its blob store up in the background after start: wait until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      deliver("warmup@" + DOMAIN, "warm-up");
      return null;
    });

    deliver(ADDRESS, "audited");
    try (RawImap imap = RawImap.login(node.imapPort, ADDRESS, PASSWORD)) {
      assertOk(imap.command("SELECT INBOX"));
      assertOk(imap.command("STORE 1 +FLAGS (\\Flagged)"));
      assertOk(imap.command("MOVE 1 Archive"));
    }

    try (RawImap imap = RawImap.connect(node.imapPort)) {
      List<String> refused = imap.command("LOGIN \"" + LOGINS + "\" \"not the password\"");
      assertTrue(RawImap.last(refused).contains(" NO [AUTHENTICATIONFAILED] "), refused.toString());
    }
    String pass = pop3Login(LOGINS, PASSWORD);
    assertTrue(pass.startsWith("+OK maildrop has 0 messages"), pass);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  void answersEveryEventOfTheAccountAndItsFoldersInJournalOrder() throws Exception {
    HttpResponse<String> response = audit("");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/x-ndjson",
        response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    List<JsonNode> records = lines(response.body());
    List<String> steps = steps(records);

    List<String> account = List.of("account AccountCreated",
        "account FolderAdded", "account FolderAdded", "account FolderAdded",
        "account FolderAdded", "account FolderAdded", "account FolderAdded");
    assertEquals(account, steps.subList(0, 7), steps.toString());
    assertEquals(List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive"),
        records.subList(1, 7).stream().map(r -> r.get("fields").get("name").asText()).toList());
    // the six Folder entities are created all at once: their order among themselves is not fixed
    assertEquals(
        new TreeSet<>(Set.of("Archive FolderCreated", "Drafts FolderCreated", "INBOX FolderCreated",
            "Junk FolderCreated", "Sent FolderCreated", "Trash FolderCreated")),
        new TreeSet<>(steps.subList(7, 13)), steps.toString());
    assertEquals(List.of("INBOX MessageAppended", "account LoginSucceeded", "INBOX FlagsChanged",
        "Archive MessageAppended", "INBOX MessagesExpunged"), steps.subList(13, steps.size()),
        steps.toString());

    JsonNode created = records.get(0);
    assertEquals("<redacted>", created.get("fields").get("passwordHash").asText());
    assertTrue(created.get("folderId").isNull());
    assertEquals(1, created.get("sequenceNr").asLong());
    for (JsonNode record : records.subList(7, 13)) {
      assertEquals(record.get("entity").asText(), record.get("fields").get("name").asText());
      assertEquals(ADDRESS, record.get("fields").get("owner").asText());
    }
    JsonNode login = records.get(14).get("fields");
    assertEquals("imap", login.get("protocol").asText());
    assertEquals("127.0.0.1", login.get("clientAddress").asText());
    JsonNode flagged = records.get(15);
    assertEquals("[\"\\\\Flagged\"]", flagged.get("fields").get("flags").toString());
    assertEquals("[1]", flagged.get("fields").get("uids").toString());
    JsonNode moved = records.get(16);
    assertEquals(records.get(6).get("fields").get("folderId").asText(), moved.get("folderId").asText());
    assertTrue(moved.get("fields").get("flags").toString().contains("\\\\Flagged"), moved.toString());
    Instant previous = Instant.EPOCH;
    for (JsonNode record : records) {
      Instant at = Instant.parse(record.get("timestamp").asText());
      assertFalse(at.isBefore(previous), "timestamps in order: " + records);
      previous = at;
    }
  }

  @Test
  void filtersByFolderNameAndByTime() throws Exception {
    HttpResponse<String> archive = audit("?folder=Archive");
    assertEquals(200, archive.statusCode(), archive.body());
    assertEquals(List.of("account FolderAdded", "Archive FolderCreated", "Archive MessageAppended"),
        steps(lines(archive.body())));

    List<JsonNode> all = lines(audit("").body());
    String flaggedAt = all.stream().filter(r -> r.get("event").asText().equals("FlagsChanged"))
        .findFirst().orElseThrow().get("timestamp").asText();
    HttpResponse<String> since = audit("?since=" + encoded(flaggedAt));
    assertEquals(List.of("INBOX FlagsChanged", "Archive MessageAppended", "INBOX MessagesExpunged"),
        steps(lines(since.body())));
    HttpResponse<String> until = audit("?folder=INBOX&until=" + encoded(flaggedAt));
    assertEquals(List.of("account FolderAdded", "INBOX FolderCreated", "INBOX MessageAppended"),
        steps(lines(until.body())));
  }

  @Test
  void loginsAppearWithProtocolAndClientAddress() throws Exception {
    HttpResponse<String> response = get("/api/accounts/" + LOGINS + "/audit");
    assertEquals(200, response.statusCode(), response.body());
    List<JsonNode> account = lines(response.body()).stream()
        .filter(r -> r.get("entity").asText().equals("account")).toList();
    List<String> events = account.stream().map(r -> r.get("event").asText()).toList();
    assertEquals(List.of("AccountCreated", "FolderAdded", "FolderAdded", "FolderAdded",
        "FolderAdded", "FolderAdded", "FolderAdded", "LoginFailed", "LoginSucceeded"), events);
    JsonNode failed = account.get(7).get("fields");
    assertEquals("imap", failed.get("protocol").asText());
    assertEquals("127.0.0.1", failed.get("clientAddress").asText());
    JsonNode succeeded = account.get(8).get("fields");
    assertEquals("pop3", succeeded.get("protocol").asText());
    assertEquals("127.0.0.1", succeeded.get("clientAddress").asText());

    List<String> timeline = cli("audit", LOGINS).lines().toList();
    assertTrue(timeline.stream().anyMatch(l -> l.matches(
        "\\S+Z  account  login failed imap from 127\\.0\\.0\\.1")), timeline.toString());
    assertTrue(timeline.stream().anyMatch(l -> l.matches(
        "\\S+Z  account  login succeeded pop3 from 127\\.0\\.0\\.1")), timeline.toString());
  }

  @Test
  void answers404ForAnUnknownAccountAnd400ForABadInstant() throws Exception {
    HttpResponse<String> unknown = get("/api/accounts/nobody@" + DOMAIN + "/audit");
    assertEquals(404, unknown.statusCode(), unknown.body());
    assertEquals("not_found", JSON.readTree(unknown.body()).get("error").asText());
    HttpResponse<String> bad = audit("?since=yesterday");
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("invalid", JSON.readTree(bad.body()).get("error").asText());
  }

  @Test
  void cliPrintsAReadableTimelineAndJsonLines() throws Exception {
    String timeline = cli("audit", ADDRESS, "--folder", "Archive");
    List<String> lines = timeline.lines().toList();
    assertEquals(3, lines.size(), timeline);
    assertTrue(lines.get(0).matches("\\S+Z  account  FolderAdded  name=Archive folderId=\\S+ "
        + "specialUse=\\\\Archive subscribed=true"), timeline);
    assertTrue(lines.get(1).matches("\\S+Z  Archive  FolderCreated  owner=" + ADDRESS
        + " name=Archive uidValidity=\\d+ createdAt=\\S+"), timeline);
    assertTrue(lines.get(2).matches("\\S+Z  Archive  MessageAppended  uid=1 blobId=\\S+ size=\\d+ "
        + "internalDate=\\S+ flags=\\\\Flagged modSeq=\\d+.*"), timeline);
    String json = cli("audit", ADDRESS, "--since", "2000-01-01T00:00:00Z", "--json");
    assertEquals(lines(audit("").body()).size(), lines(json).size(), json);
    assertEquals("AccountCreated", lines(json).get(0).get("event").asText());
  }

  private static String cli(String... args) throws Exception {
    return AdminCliRun.run(node, args);
  }

  private static void deliver(String to, String subject) throws IOException {
    List<String> replies = RawSmtp.send(node.smtpPort, List.of(to),
        "From: sender@remote.test\r\nSubject: " + subject + "\r\n\r\nhello\r\n");
    assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
  }

  /** USER and PASS on a fresh POP3 connection, then QUIT; answers the reply to PASS. */
  private static String pop3Login(String user, String password) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", node.pop3Port)) {
      socket.setSoTimeout(30_000);
      BufferedReader in = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      String greeting = in.readLine();
      assertTrue(greeting != null && greeting.startsWith("+OK"), "greeted: " + greeting);
      out.write(("USER " + user + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      in.readLine();
      out.write(("PASS " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      String reply = in.readLine();
      out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      in.readLine();
      return reply;
    }
  }

  private static void assertOk(List<String> reply) {
    assertTrue(RawImap.last(reply).contains(" OK "), reply.toString());
  }

  private static HttpResponse<String> audit(String query) throws Exception {
    return get("/api/accounts/" + ADDRESS + "/audit" + query);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TestNode.TOKEN)
        .GET()
        .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
