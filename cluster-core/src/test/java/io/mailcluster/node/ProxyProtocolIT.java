package io.mailcluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mailbox.MessageEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node whose SMTP listener requires the PROXY protocol, against the real Cassandra: the
 * client address a version 2 header names is the one in the stored message's Received: header,
 * and a connection without a header is closed without a greeting.
 */
@ExtendWith(CassandraExtension.class)
class ProxyProtocolIT {

  private static final ActorTestKit probes = ActorTestKit.create();
  private static final String DOMAIN = "proxied.test";
  private static final String CLIENT = "203.0.113.7";

  private static TestNode node;
  private static StoredMail mail;

  @BeforeAll
  static void startNode(CassandraEndpoint cassandra) throws Exception {
    String keyspace = TestKeyspace.create(cassandra);
    node = TestNode.withFreePorts();
    node.start(cassandra.contactPoint(), keyspace, List.of(node),
        ConfigFactory.parseString("mail-cluster.smtp.proxy-protocol = on"));
    node.awaitReady(probes);
    AdminApi api = node.admin();
    assertEquals(201, api.post("/api/domains", "{\"name\":\"" + DOMAIN + "\"}").status());
    AdminApi.Reply created = api.post("/api/accounts", "{\"address\":\"alice@" + DOMAIN
        + "\",\"password\":\"correct horse battery\",\"quotaBytes\":0}");
    assertEquals(201, created.status(), created.raw());
    mail = StoredMail.of(node, keyspace);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    probes.shutdownTestKit();
  }

  @Test
  void theClientNamedByAV2HeaderIsInTheReceivedHeader() throws Exception {
    String body = "Subject: through the balancer\r\n\r\nhello\r\n";
    // the node sets its blob store up in the background after start: retry until it delivers
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
      try {
        List<String> replies = sendProxied("alice@" + DOMAIN, body);
        assertTrue(RawSmtp.last(replies).startsWith("250 "), replies.toString());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return null;
    });
    List<MessageEntry> inbox = mail.inboxEntries("alice@" + DOMAIN);
    String stored = mail.content(inbox.get(inbox.size() - 1).blobId());
    assertTrue(stored.startsWith("Return-Path: <sender@remote.test>\r\n"
        + "Received: from client.test ([" + CLIENT + "])\r\n"), stored);
  }

  @Test
  void aConnectionWithoutHeaderIsClosedWithoutAGreeting() throws Exception {
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.write("EHLO client.test\r\n");
      assertNull(smtp.readLine(), "closed, nothing said");
    }
  }

  /** A PROXY v2 header (TCP over IPv4) claiming {@link #CLIENT}, then one transaction. */
  private static List<String> sendProxied(String recipient, String body) throws IOException {
    try (RawSmtp smtp = new RawSmtp(node.smtpPort)) {
      smtp.write(v2Header(CLIENT, 56324, "127.0.0.1", node.smtpPort));
      smtp.expect("220");
      smtp.command("EHLO client.test", "250");
      smtp.command("MAIL FROM:<sender@remote.test>", "250");
      smtp.command("RCPT TO:<" + recipient + ">", "250");
      smtp.command("DATA", "354");
      smtp.write(body + ".\r\n");
      smtp.read();
      smtp.quit();
      return smtp.replies;
    }
  }

  private static byte[] v2Header(String source, int sourcePort, String destination,
      int destinationPort) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
        0x21, 0x11, 0x00, 0x0C});
    out.write(InetAddress.getByName(source).getAddress());
    out.write(InetAddress.getByName(destination).getAddress());
    out.write(new byte[] {(byte) (sourcePort >> 8), (byte) sourcePort,
        (byte) (destinationPort >> 8), (byte) destinationPort});
    return out.toByteArray();
  }
}
