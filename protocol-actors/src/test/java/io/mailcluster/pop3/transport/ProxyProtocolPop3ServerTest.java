package io.mailcluster.pop3.transport;

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

/** The POP3 listener with and without the PROXY protocol, over real loopback sockets. */
@ExtendWith(LogCapturing.class)
class ProxyProtocolPop3ServerTest {

  private static final byte[] V2_LOCAL = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55,
      0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00};

  private ActorTestKit testKit;
  private int port;
  private final FakeBackend backend = new FakeBackend();

  private void start(String proxyProtocol) throws Exception {
    testKit = ActorTestKit.create("ProxyProtocolPop3ServerTest",
        ConfigFactory.parseString("mail-cluster.pop3.proxy-protocol = " + proxyProtocol
                + "\nmail-cluster.pop3.hostname = pop.test")
            .withFallback(ConfigFactory.load()));
    backend.account("ann@x.test", "secret");
    port = Pop3Server.start(testKit.system(), "127.0.0.1", 0, "test", backend)
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
      send(s, "PROXY TCP6 2001:db8::7 2001:db8::1 40000 110\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("+OK pop.test POP3 ready", in.readLine());
      assertEquals("+OK pop.test POP3 server signing off", in.readLine());
    }
  }

  @Test
  void withProxyALoginCarriesTheClientTheHeaderNames() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, "PROXY TCP4 203.0.113.7 192.0.2.10 56324 110\r\nUSER ann@x.test\r\nPASS secret\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertEquals("+OK pop.test POP3 ready", in.readLine());
      assertEquals("+OK send PASS", in.readLine());
      assertTrue(in.readLine().startsWith("+OK maildrop has 0 messages"), "logged in");
    }
    assertEquals(List.of("ann@x.test from 203.0.113.7"), backend.logins);
  }

  @Test
  void withoutProxyALoginCarriesTheSocketPeer() throws Exception {
    start("off");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, "USER ann@x.test\r\nPASS wrong\r\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("+OK pop.test POP3 ready", in.readLine());
      assertEquals("+OK send PASS", in.readLine());
      assertEquals("-ERR [AUTH] invalid user name or password", in.readLine());
    }
    assertEquals(List.of("ann@x.test from 127.0.0.1"), backend.logins);
  }

  @Test
  void v2LocalHeaderOfAHealthCheckIsServed() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, V2_LOCAL);
      assertEquals("+OK pop.test POP3 ready", in.readLine());
    }
  }

  @Test
  void withProxyOnAConnectionWithoutHeaderIsClosedWithoutAGreeting() throws Exception {
    start("on");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      send(s, "CAPA\r\n".getBytes(StandardCharsets.US_ASCII));
      assertNull(in.readLine(), "closed, nothing said");
    }
  }

  @Test
  void withProxyOffAProxyLineIsAnUnknownCommand() throws Exception {
    start("off");
    try (Socket s = connect()) {
      BufferedReader in = reader(s);
      assertEquals("+OK pop.test POP3 ready", in.readLine());
      send(s, "PROXY TCP4 203.0.113.7 192.0.2.10 56324 110\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(in.readLine().startsWith("-ERR"), "refused as a command");
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
