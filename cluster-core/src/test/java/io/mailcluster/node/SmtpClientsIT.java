package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.MessageEntry;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real SMTP clients against one node and the real Cassandra: swaks (a separate process) and
 * Jakarta Mail (Angus) deliver, a raw socket pipelines a whole transaction and sends BDAT
 * chunks, and the node's message size limit holds for declared and undeclared sizes. The node
 * runs with a small {@code max-message-size} so the oversized message stays cheap to send.
 * Every test uses its own mailboxes, so the shared node needs no reset between tests.
 */
@ExtendWith(CassandraExtension.class)
class SmtpClientsIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "clients.test";
  private static final int MAX_MESSAGE_SIZE = 64 * 1024;
  /** Longest a swaks run may take; it talks to a warmed-up node on loopback. */
  private static final Duration SWAKS_TIMEOUT = Duration.ofSeconds(60);

  private static TestNode node;
  private static StoredMail mail;

  @BeforeAll
  static void startNode(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(cassandra.contactPoint(), keyspace, List.of(node), ConfigFactory.parseString(
        "mail-cluster.smtp.max-message-size = " + MAX_MESSAGE_SIZE));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    for (String user : List.of("warmup", "swaks", "jakarta1", "jakarta2", "pipe1", "pipe2",
        "chunks", "liar", "team1", "team2")) {
      AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"" + address(user)
          + "\",\"password\":\"correct horse battery\",\"quotaBytes\":0}");
      assertEquals(201, created.status(), created.raw());
    }
    AdminApi.Reply alias = api.post("/api/aliases",
        "{\"alias\":\"" + address("team") + "\",\"target\":\"" + address("team2") + "\"}");
    assertEquals(201, alias.status(), alias.raw());
    mail = StoredMail.of(node, keyspace);

    // the node sets its blob store up in the background after start: wait until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      List<String> replies = RawSmtp.send(node.smtpPort, List.of(address("warmup")),
          "Subject: warm-up\r\n\r\nhello\r\n");
      assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
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

  // ---- swaks ----

  @Test
  void swaksDeliversAndTheMessageIsListedInTheInboxWithItsSubject() throws Exception {
    ClientProcess.Run run = swaks("--from", "sender@remote.test", "--to", address("swaks"),
        "--header", "Subject: Sent with swaks", "--body", "Hello from swaks.");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("<-  250 2.0.0 Message accepted"), run.output());

    assertEquals(List.of("Sent with swaks"), subjects(address("swaks")));
    List<MessageEntry> entries = mail.inboxEntries(address("swaks"));
    String stored = mail.content(entries.get(0).blobId());
    assertTrue(stored.startsWith("Return-Path: <sender@remote.test>\r\nReceived: from client.test"),
        stored);
    assertTrue(stored.contains("\r\n\r\nHello from swaks.\r\n"), stored);
  }

  @Test
  void swaksWithPipeliningDeliversToTwoRecipientsAndAnAliasOnce() throws Exception {
    ClientProcess.Run run = swaks("--pipeline", "--from", "sender@remote.test",
        "--to", address("team1") + "," + address("team"),
        "--header", "Subject: To the team", "--body", "For both.");
    assertEquals(0, run.exitCode(), run.output());

    assertEquals(List.of("To the team"), subjects(address("team1")));
    assertEquals(List.of("To the team"), subjects(address("team2")), "the alias's target");
    assertEquals(mail.inboxEntries(address("team1")).get(0).blobId(),
        mail.inboxEntries(address("team2")).get(0).blobId(), "one blob for both recipients");
  }

  @Test
  void swaksToAnUnknownUserFailsAtRcptWith550_5_1_1() throws Exception {
    ClientProcess.Run run = swaks("--from", "sender@remote.test", "--to", address("nobody"));
    assertEquals(24, run.exitCode(), "swaks: no RCPT accepted\n" + run.output());
    assertTrue(run.output().contains("<** 550 5.1.1"), run.output());
  }

  @Test
  void swaksToAForeignDomainIsRefusedAsRelayWith550_5_7_1() throws Exception {
    ClientProcess.Run run = swaks("--from", "sender@remote.test", "--to", "someone@elsewhere.test");
    assertEquals(24, run.exitCode(), "swaks: no RCPT accepted\n" + run.output());
    assertTrue(run.output().contains("<** 550 5.7.1"), run.output());
  }

  // ---- Jakarta Mail ----

  @Test
  void jakartaMailDeliversOneMessageToTwoInboxes() throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(node.smtpPort));
    props.put("mail.smtp.localhost", "client.test");
    props.put("mail.smtp.connectiontimeout", "10000");
    props.put("mail.smtp.timeout", "30000");
    props.put("mail.smtp.pipelining", "true");
    Session session = Session.getInstance(props);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("sender@remote.test"));
    message.setRecipients(Message.RecipientType.TO,
        address("jakarta1") + ", " + address("jakarta2"));
    message.setSubject("Hello from Jakarta Mail");
    message.setText("First line.\n.A line starting with a dot.\nLast line.\n");
    Transport.send(message); // returns only after the 250 that follows the data

    assertEquals(List.of("Hello from Jakarta Mail"), subjects(address("jakarta1")));
    assertEquals(List.of("Hello from Jakarta Mail"), subjects(address("jakarta2")));
    MessageEntry first = mail.inboxEntries(address("jakarta1")).get(0);
    assertEquals(first.blobId(), mail.inboxEntries(address("jakarta2")).get(0).blobId());
    String stored = mail.content(first.blobId());
    assertTrue(stored.contains("\r\n.A line starting with a dot.\r\nLast line.\r\n"), stored);
  }

  // ---- raw socket ----

  @Test
  void wholeTransactionPipelinedInOneWriteGetsItsRepliesInOrder() throws Exception {
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.write("EHLO client.test\r\n"
          + "MAIL FROM:<sender@remote.test>\r\n"
          + "RCPT TO:<" + address("pipe1") + ">\r\n"
          + "RCPT TO:<" + address("nobody") + ">\r\n"
          + "RCPT TO:<" + address("pipe2") + ">\r\n"
          + "DATA\r\n");
      List<String> ehlo = smtp.readReply();
      assertTrue(ehlo.contains("250-PIPELINING"), ehlo.toString());
      List<String> inOrder = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        inOrder.add(smtp.read());
      }
      assertEquals(List.of("250 2.1.0", "250 2.1.5", "550 5.1.1", "250 2.1.5", "354"),
          inOrder.stream().map(SmtpClientsIT::codes).toList(), inOrder.toString());

      smtp.write("Subject: pipelined\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n");
      assertTrue(smtp.read().startsWith("250 2.0.0 "), smtp.replies.toString());
      assertTrue(smtp.read().startsWith("221 "), smtp.replies.toString());
    }
    for (String user : List.of("pipe1", "pipe2")) {
      List<MessageEntry> entries = mail.inboxEntries(address(user));
      assertEquals(1, entries.size(), user);
      assertTrue(mail.content(entries.get(0).blobId()).endsWith(
          "\r\nSubject: pipelined\r\n\r\n.leading dot\r\n"), user);
    }
  }

  @Test
  void bdatChunksEndingWithLastAreStoredByteForByte() throws Exception {
    byte[][] chunks = {
        "Subject: chunked\r\n\r\nfirst\r\n.\r\n".getBytes(StandardCharsets.US_ASCII),
        // binary: a bare LF, a bare CR and bytes that are no UTF-8
        {'b', 'i', 'n', '\n', '\r', (byte) 0xff, (byte) 0x80, 'x', '\r', '\n'},
        "last chunk\r\n".getBytes(StandardCharsets.US_ASCII)};
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test> BODY=BINARYMIME", "250");
      smtp.command("RCPT TO:<" + address("chunks") + ">", "250");
      for (int i = 0; i < chunks.length; i++) {
        boolean last = i == chunks.length - 1;
        smtp.write(("BDAT " + chunks[i].length + (last ? " LAST" : "") + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        smtp.write(chunks[i]);
        sent.write(chunks[i]);
        String reply = smtp.read();
        assertTrue(reply.startsWith(last ? "250 2.0.0 Message accepted"
            : "250 2.0.0 " + chunks[i].length + " octets received"), smtp.replies.toString());
      }
      smtp.quit();
    }
    List<MessageEntry> entries = mail.inboxEntries(address("chunks"));
    assertEquals(1, entries.size());
    ByteString stored = mail.bytes(entries.get(0).blobId());
    assertEquals(stored.size(), entries.get(0).size());
    byte[] expected = sent.toByteArray();
    assertTrue(stored.size() > expected.length, "a Received: header is added in front");
    assertArrayEquals(expected, stored.drop(stored.size() - expected.length).toArray(),
        "the chunks, unchanged, end the stored message");
    assertTrue(stored.utf8String().startsWith("Return-Path: <sender@remote.test>\r\n"));
  }

  @Test
  void declaredSizeOverTheLimitIsRefusedAtMailWith552_5_3_4() throws Exception {
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.write("EHLO client.test\r\n");
      List<String> ehlo = smtp.readReply();
      assertTrue(ehlo.contains("250-SIZE " + MAX_MESSAGE_SIZE), ehlo.toString());

      smtp.write("MAIL FROM:<sender@remote.test> SIZE=" + (MAX_MESSAGE_SIZE + 1) + "\r\n");
      assertTrue(smtp.read().startsWith("552 5.3.4 "), smtp.replies.toString());
      smtp.command("RCPT TO:<" + address("liar") + ">", "503"); // no transaction was opened
      smtp.command("MAIL FROM:<sender@remote.test> SIZE=" + MAX_MESSAGE_SIZE, "250 2.1.0");
      smtp.quit();
    }
  }

  @Test
  void bodyBiggerThanItsDeclaredSizeIsRefusedAfterTheDataWith552_5_3_4AndNotStored()
      throws Exception {
    String line = "x".repeat(78) + "\r\n";
    String big = "Subject: too big\r\n\r\n" + line.repeat(MAX_MESSAGE_SIZE / line.length() + 10);
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test> SIZE=100", "250");
      smtp.command("RCPT TO:<" + address("liar") + ">", "250");
      smtp.command("DATA", "354");
      smtp.write(big + ".\r\n");
      assertTrue(smtp.read().startsWith("552 5.3.4 "), smtp.replies.toString());

      // the session goes on; this message's 250 comes after anything the first could store
      smtp.command("MAIL FROM:<sender@remote.test>", "250");
      smtp.command("RCPT TO:<" + address("liar") + ">", "250");
      smtp.command("DATA", "354");
      smtp.write("Subject: small\r\n\r\nfits\r\n.\r\n");
      assertTrue(smtp.read().startsWith("250 2.0.0 "), smtp.replies.toString());
      smtp.quit();
    }
    assertEquals(List.of("small"), subjects(address("liar")));
    assertEquals(1, mail.status(mail.inbox(address("liar"))).messages());
  }

  // ---- helpers ----

  private static String address(String user) {
    return user + "@" + DOMAIN;
  }

  /** "250 2.1.5 Recipient OK" -> "250 2.1.5"; "354 End data ..." -> "354". */
  private static String codes(String reply) {
    String[] words = reply.split(" ");
    return words.length > 1 && words[1].matches("\\d\\.\\d{1,3}\\.\\d{1,3}")
        ? words[0] + " " + words[1] : words[0];
  }

  /** The subjects of the messages in {@code address}'s INBOX, as the admin API lists them. */
  private static List<String> subjects(String address) {
    AdminApi.Reply listing = node.admin().get("/api/accounts/" + address + "/folders/INBOX/messages");
    assertEquals(200, listing.status(), listing.raw());
    List<String> subjects = new ArrayList<>();
    for (JsonNode message : listing.body().get("messages")) {
      subjects.add(message.get("subject").asText());
    }
    return subjects;
  }

  /** Runs swaks against the node. */
  private static ClientProcess.Run swaks(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1",
        "--port", String.valueOf(node.smtpPort), "--helo", "client.test", "--timeout", "30"));
    command.addAll(Arrays.asList(args));
    return ClientProcess.run(SWAKS_TIMEOUT, command);
  }
}
