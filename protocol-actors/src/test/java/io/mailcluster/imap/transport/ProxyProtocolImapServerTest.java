package io.mailcluster.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The IMAP listener with and without the PROXY protocol, over real loopback sockets. */
@ExtendWith(LogCapturing.class)
class ProxyProtocolImapServerTest {

  private static final byte[] V2_LOCAL = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55,
      0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00};

  private ActorTestKit testKit;
  private int port;
  private final FakeImapBackend backend = new FakeImapBackend();

  private void start(String proxyProtocol) throws Exception {
    testKit = ActorTestKit.create("ProxyProtocolImapServerTest",
        ConfigFactory.parseString("mail-cluster.imap.proxy-protocol = " + proxyProtocol
)
            .withFallback(ConfigFactory.load()));
    backend.account("ann@example.test", "secret");
    port = ImapServer.start(testKit.system(), "127.0.0.1", 0, "test", backend)
        .toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  @Test
  void v1HeaderThenTheSessionAsUsual() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, "PROXY TCP6 2001:db8::7 2001:db8::1 40000 143\r\na1 NOOP\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertTrue(in.readLine().startsWith("* OK [CAPABILITY "), "greeted");
      assertTrue(in.readLine().startsWith("a1 OK"), "the command after the header");
    }
  }

  @Test
  void withProxyALoginCarriesTheClientTheHeaderNames() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, "PROXY TCP4 203.0.113.7 192.0.2.10 56324 143\r\na1 LOGIN ann@example.test secret\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertTrue(in.readLine().startsWith("* OK [CAPABILITY "), "greeted");
      assertTrue(in.readLine().startsWith("a1 OK "), "logged in");
    }
    assertEquals(List.of("ann@example.test from 203.0.113.7"), backend.logins);
  }

  @Test
  void withoutProxyALoginCarriesTheSocketPeer() throws Exception {
    start("off");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      assertTrue(in.readLine().startsWith("* OK [CAPABILITY "), "greeted");
      send(s, "a1 LOGIN ann@example.test wrong\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(in.readLine().startsWith("a1 NO [AUTHENTICATIONFAILED]"), "refused");
    }
    assertEquals(List.of("ann@example.test from 127.0.0.1"), backend.logins);
  }

  @Test
  void v2LocalHeaderOfAHealthCheckIsServed() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, V2_LOCAL);
      assertTrue(in.readLine().startsWith("* OK [CAPABILITY "), "greeted");
    }
  }

  @Test
  void withProxyOnAConnectionWithoutHeaderIsClosedWithoutAGreeting() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, "a1 CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
      assertNull(in.readLine(), "closed, nothing said");
    }
  }

  @Test
  void withProxyOffAProxyLineIsABadCommand() throws Exception {
    start("off");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      assertTrue(in.readLine().startsWith("* OK [CAPABILITY "), "greeted");
      send(s, "PROXY TCP4 203.0.113.7 192.0.2.10 56324 143\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(in.readLine().startsWith("PROXY BAD"), "refused as a command");
    }
  }

  private Socket connect() throws Exception {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, byte[] bytes) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static BufferedReader reader(Socket s) throws Exception {
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
  }
}
