package io.mailcluster.smtp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.smtp.session.Resolution;
import io.mailcluster.testing.LogCapturing;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SMTP listener behind a balancer that sends a PROXY header: the client the header names
 * is the one in the Received: header; without the setting a PROXY line is a bad command.
 */
@ExtendWith(LogCapturing.class)
class ProxyProtocolSmtpServerTest {

  private static final RecipientResolver RESOLVER = (address, declaredSize) -> CompletableFuture.completedFuture(
      address.equals("bob@example.test")
          ? new Resolution.Local(List.of("bob@example.test")) : new Resolution.UnknownUser());
  private static final String RECEIVED_FROM_CLIENT =
      "Received: from client.test ([203.0.113.7])\r\n";

  private ActorTestKit testKit;
  private SmtpServer server;
  private final FakeStore store = new FakeStore();

  private void start(String proxyProtocol) throws Exception {
    testKit = ActorTestKit.create("ProxyProtocolSmtpServerTest",
        ConfigFactory.parseString("mail-cluster.smtp.proxy-protocol = " + proxyProtocol
                + "\nmail-cluster.proxy-protocol.header-timeout = 2s")
            .withFallback(ConfigFactory.parseResources("smtp-transport-test.conf"))
            .withFallback(ConfigFactory.load()).resolve());
    server = SmtpServer.start(testKit.system(), "127.0.0.1", 0, RESOLVER, store)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @Test
  void v1HeaderPutsTheClientInTheReceivedHeader() throws Exception {
    start("on");
    try (RawClient c = new RawClient(server.localAddress())) {
      c.send("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\r\n");
      assertEquals("220 mx.example.test ESMTP ready", c.readLine());
      c.send("EHLO client.test\r\n");
      deliver(c);
    }
    assertTrue(store.stored.get(0).content().contains(RECEIVED_FROM_CLIENT),
        store.stored.get(0).content());
  }

  @Test
  void v2HeaderWithTheFirstCommandInTheSameSegmentPutsTheClientInTheReceivedHeader()
      throws Exception {
    start("on");
    try (RawClient c = new RawClient(server.localAddress())) {
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      first.writeBytes(v2Inet("203.0.113.7", 56324, "192.0.2.10", 25));
      first.writeBytes(ascii("EHLO client.test\r\n"));
      c.write(first.toByteArray());
      assertEquals("220 mx.example.test ESMTP ready", c.readLine());
      deliver(c);
    }
    assertTrue(store.stored.get(0).content().contains(RECEIVED_FROM_CLIENT),
        store.stored.get(0).content());
  }

  @Test
  void withProxyOnAConnectionWithoutHeaderIsClosedWithoutAGreeting() throws Exception {
    start("on");
    try (RawClient c = new RawClient(server.localAddress())) {
      c.send("EHLO client.test\r\n");
      assertNull(c.readLine(), "closed, nothing said");
    }
    assertTrue(store.stored.isEmpty());
    testKit.createTestProbe().awaitAssert(() -> {
      assertEquals(0, server.liveConnections(), "the refused connection is not counted");
      return null;
    });
  }

  @Test
  void withProxyOnAConnectionSilentPastTheHeaderTimeoutIsClosed() throws Exception {
    start("on");
    try (RawClient c = new RawClient(server.localAddress())) {
      c.send("PROXY TCP4 203.0.113.7");
      assertNull(c.readLine(), "closed after header-timeout, nothing said");
    }
  }

  @Test
  void withProxyOffAProxyLineIsABadCommand() throws Exception {
    start("off");
    try (RawClient c = new RawClient(server.localAddress())) {
      assertEquals("220 mx.example.test ESMTP ready", c.readLine());
      assertEquals("500 5.5.2 Syntax error, command unrecognized",
          c.command("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25"));
      c.command("QUIT");
    }
  }

  /** After the greeting and EHLO: EHLO's reply, one message for bob, QUIT. */
  private void deliver(RawClient c) throws Exception {
    c.readReply();
    assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
    assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.test>"));
    assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
    assertTrue(c.command("Subject: hi\r\n\r\nHello Bob.\r\n.").startsWith("250 "));
    assertEquals("221 2.0.0 mx.example.test closing connection", c.command("QUIT"));
    assertEquals(1, store.stored.size());
  }

  /** A PROXY v2 header (PROXY command, TCP over IPv4) with one TLV to skip. */
  static byte[] v2Inet(String source, int sourcePort, String destination, int destinationPort)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
        0x0A, 0x21, 0x11, 0x00, 12 + 5});
    out.writeBytes(InetAddress.getByName(source).getAddress());
    out.writeBytes(InetAddress.getByName(destination).getAddress());
    out.writeBytes(new byte[] {(byte) (sourcePort >> 8), (byte) sourcePort,
        (byte) (destinationPort >> 8), (byte) destinationPort});
    out.writeBytes(new byte[] {0x04, 0x00, 0x02, 'o', 'k'}); // a NOOP TLV
    return out.toByteArray();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
