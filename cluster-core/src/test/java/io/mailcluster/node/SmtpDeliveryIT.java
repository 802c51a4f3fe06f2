package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.control.ControlData;
import io.mailcluster.mailbox.FolderStatus;
import io.mailcluster.mailbox.MessageEntry;
import io.mailcluster.mime.MessageMetadata;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node against the real Cassandra, mail delivered through its SMTP port from a raw socket:
 * the 250 after DATA comes only once the blob and the INBOX append are stored, recipients are
 * checked against the control data, aliases expand, and a message for several recipients is
 * stored once and appended to each INBOX.
 */
@ExtendWith(CassandraExtension.class)
class SmtpDeliveryIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String PASSWORD = "correct horse battery";
  private static final String DOMAIN = "deliver.test";

  private static TestNode node;
  private static ControlData control;
  private static StoredMail mail;

  @BeforeAll
  static void startNode(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(cassandra.contactPoint(), keyspace, List.of(node));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    for (String user : List.of("alice", "bob", "carol", "dave", "erin", "warmup")) {
      AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + user + "@" + DOMAIN
          + "\",\"password\":\"" + PASSWORD + "\",\"quotaBytes\":0}");
      assertEquals(201, created.status(), created.raw());
    }
    AdminApi.Reply alias = api.post("/api/aliases",
        "{\"alias\":\"info@" + DOMAIN + "\",\"target\":\"carol@" + DOMAIN + "\"}");
    assertEquals(201, alias.status(), alias.raw());

    control = new ControlData(node.system());
    mail = StoredMail.of(node, keyspace);

    // the node sets its blob store up in the background after start: wait until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      List<String> replies = send("warmup@" + DOMAIN, "Subject: warm-up\r\n\r\nhello\r\n");
      assertTrue(last(replies).startsWith("250 "), replies.toString());
      return null;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  void deliveredMessageIsInTheInboxWhenThe250Comes() throws Exception {
    String body = "From: sender@remote.test\r\nSubject: first\r\n\r\nHello Alice.\r\n..dot line\r\n";
    List<String> replies = send("alice@" + DOMAIN, body);
    assertTrue(last(replies).startsWith("250 "), replies.toString());

    // no waiting: the 250 promised that both are stored
    String inbox = await(control.inbox("alice@" + DOMAIN));
    FolderStatus status = status(inbox);
    assertEquals(1, status.messages());
    MessageEntry entry = entries(inbox).get(0);
    String stored = content(entry.blobId());
    assertEquals(stored.length(), entry.size());
    assertTrue(stored.startsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.test"),
        stored);
    assertTrue(stored.endsWith("\r\n" + body.replace("..dot", ".dot")), stored);

    // the MIME metadata was computed while the message streamed in, and stored before the 250
    MessageMetadata metadata = mail.metadata(entry.blobId())
        .orElseThrow(() -> new AssertionError("no metadata row for " + entry.blobId()));
    assertEquals("first", metadata.subject());
    assertEquals("sender@remote.test", metadata.from());
    assertEquals(entry.size(), metadata.size());
  }

  @Test
  void deliveredMessageIsListedThroughTheAdminApi() throws Exception {
    String address = "dave@" + DOMAIN;
    String body = "From: =?UTF-8?Q?Ren=C3=A9_Sender?= <rene@remote.test>\r\n"
        + "Subject: =?UTF-8?Q?caf=C3=A9?= for\r\n dave\r\n\r\nFrom: not-this@body.test\r\n"
        + "Subject: not this one\r\n";
    List<String> replies = send(address, body);
    assertTrue(last(replies).startsWith("250 "), replies.toString());

    AdminApi api = node.admin();
    AdminApi.Reply tree = api.get("/api/accounts/" + address + "/folders");
    assertEquals(200, tree.status(), tree.raw());
    JsonNode inboxRef = null;
    for (JsonNode folder : tree.body().get("folders")) {
      if (folder.get("name").asText().equals("INBOX")) {
        inboxRef = folder;
      }
    }
    assertTrue(inboxRef != null, tree.raw());
    assertEquals(await(control.inbox(address)), inboxRef.get("folderId").asText());
    assertTrue(inboxRef.has("specialUse") && inboxRef.has("subscribed"), tree.raw());

    AdminApi.Reply listing = api.get("/api/accounts/" + address + "/folders/INBOX/messages");
    assertEquals(200, listing.status(), listing.raw());
    JsonNode messages = listing.body().get("messages");
    assertEquals(1, messages.size(), listing.raw());
    JsonNode message = messages.get(0);
    MessageEntry entry = entries(await(control.inbox(address))).get(0);
    assertEquals(entry.uid(), message.get("uid").asLong());
    assertEquals(entry.size(), message.get("size").asLong());
    assertEquals(content(entry.blobId()).length(), message.get("size").asLong());
    assertEquals("Ren\u00e9 Sender <rene@remote.test>", message.get("from").asText(), listing.raw());
    assertEquals("caf\u00e9 for dave", message.get("subject").asText(), listing.raw());
    assertEquals(entry.internalDate().toString(), message.get("internalDate").asText());
    assertTrue(listing.body().get("next").isNull(), listing.raw());

    AdminApi.Reply later = api.get("/api/accounts/" + address + "/folders/inbox/messages?from="
        + (entry.uid() + 1));
    assertEquals(200, later.status(), later.raw());
    assertEquals(0, later.body().get("messages").size(), later.raw());

    assertEquals(404, api.get("/api/accounts/" + address + "/folders/Nope/messages").status());
    assertEquals(404, api.get("/api/accounts/nobody@" + DOMAIN + "/folders/INBOX/messages").status());
    assertEquals(404, api.get("/api/accounts/nobody@" + DOMAIN + "/folders").status());
    assertEquals(400, api.get("/api/accounts/" + address + "/folders/INBOX/messages?from=x").status());
  }

  @Test
  void unknownUserIsRefusedWith550_5_1_1() throws Exception {
    List<String> replies = rcpt("nobody@" + DOMAIN);
    assertTrue(last(replies).startsWith("550 5.1.1"), replies.toString());
  }

  @Test
  void foreignDomainIsRefusedWith550_5_7_1() throws Exception {
    List<String> replies = rcpt("someone@elsewhere.test");
    assertTrue(last(replies).startsWith("550 5.7.1"), replies.toString());
  }

  @Test
  void aliasDeliversToItsTarget() throws Exception {
    List<String> replies = send("info@" + DOMAIN, "Subject: to the alias\r\n\r\nfor info\r\n");
    assertTrue(last(replies).startsWith("250 "), replies.toString());

    String inbox = await(control.inbox("carol@" + DOMAIN));
    assertEquals(1, status(inbox).messages());
    assertTrue(content(entries(inbox).get(0).blobId()).endsWith("\r\n\r\nfor info\r\n"));
  }

  @Test
  void twoRecipientsShareOneBlobAndEachGetAnAppend() throws Exception {
    String bodyText = "Subject: to two\r\n\r\nfor bob and warmup\r\n";
    List<String> replies = send(List.of("bob@" + DOMAIN, "warmup@" + DOMAIN), bodyText);
    assertTrue(last(replies).startsWith("250 "), replies.toString());

    String bobInbox = await(control.inbox("bob@" + DOMAIN));
    String warmupInbox = await(control.inbox("warmup@" + DOMAIN));
    List<MessageEntry> bobs = entries(bobInbox);
    List<MessageEntry> warmups = entries(warmupInbox);
    assertEquals(1, bobs.size());
    MessageEntry toWarmup = warmups.get(warmups.size() - 1);
    assertEquals(bobs.get(0).blobId(), toWarmup.blobId(), "one blob for both recipients");
    assertEquals(bobs.get(0).size(), toWarmup.size());
    assertTrue(content(bobs.get(0).blobId()).endsWith(bodyText));
  }

  @Test
  void aClientThatLostThe250AndRetriesDeliversOnce() throws Exception {
    String address = "erin@" + DOMAIN;
    String body = "Message-ID: <retry-1@remote.test>\r\nSubject: sent twice\r\n\r\nonce\r\n";
    try (RawSmtp lost = new RawSmtp(node.smtpPort)) {
      lost.expect("220");
      lost.command("EHLO client.test", "250");
      lost.command("MAIL FROM:<sender@remote.test>", "250");
      lost.command("RCPT TO:<" + address + ">", "250");
      lost.command("DATA", "354");
      lost.write(body + ".\r\n"); // and the connection drops before the reply is read
    }
    String inbox = await(control.inbox(address));
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
      try {
        assertEquals(1, status(inbox).messages(), "the first attempt was committed");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return null;
    });

    List<String> retry = send(address, body); // the client retries: a new transaction
    assertTrue(last(retry).startsWith("250 "), retry.toString());
    assertEquals(1, status(inbox).messages(), "the retry was recognised as the same delivery");
    List<String> other = send(address, body.replace("retry-1", "retry-2"));
    assertTrue(last(other).startsWith("250 "), other.toString());
    assertEquals(2, status(inbox).messages(), "another message is another delivery");
  }

  @Test
  void aNodeThatCannotBindItsSmtpPortStops(CassandraEndpoint cassandra) throws Exception {
    try (TestNode blocked = TestNode.withFreePorts();
        ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", blocked.smtpPort));
      blocked.start(cassandra.contactPoint(), TestKeyspace.create(cassandra), List.of(blocked));
      blocked.system().getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  // ---- helpers ----

  private static FolderStatus status(String folderId) throws Exception {
    return mail.status(folderId);
  }

  private static List<MessageEntry> entries(String folderId) throws Exception {
    return mail.entries(folderId);
  }

  private static String content(String blobId) throws Exception {
    return mail.content(blobId);
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return StoredMail.await(stage);
  }

  private static String last(List<String> replies) {
    return RawSmtp.last(replies);
  }

  /** A whole transaction for one recipient; answers every reply line up to the one after DATA. */
  private static List<String> send(String recipient, String body) throws IOException {
    return send(List.of(recipient), body);
  }

  private static List<String> send(List<String> recipients, String body) throws IOException {
    return RawSmtp.send(node.smtpPort, recipients, body);
  }

  /** MAIL and one RCPT; answers the replies up to the RCPT's. */
  private static List<String> rcpt(String recipient) throws IOException {
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test>", "250");
      smtp.write("RCPT TO:<" + recipient + ">\r\n");
      smtp.read();
      smtp.quit();
      return smtp.replies;
    }
  }
}
