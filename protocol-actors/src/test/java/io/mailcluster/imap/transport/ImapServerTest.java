package io.mailcluster.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The listener: its connection limit and its stop, over real loopback sockets. */
class ImapServerTest {

  private static final ActorTestKit testKit = ActorTestKit.create("ImapServerTest",
      ConfigFactory.parseString("mail-cluster.imap.max-connections = 1")
          .withFallback(ConfigFactory.load()));

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aConnectionBeyondTheLimitIsToldToComeBackAndStopSaysByeToTheOthers() throws Exception {
    ImapServer server = ImapServer.start(testKit.system(), "127.0.0.1", 0, "test", new FakeImapBackend())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = server.localAddress().getPort();
    try (Socket first = new Socket("127.0.0.1", port);
        BufferedReader firstIn = reader(first)) {
      assertTrue(firstIn.readLine().startsWith("* OK"), "the first is served");
      try (Socket second = new Socket("127.0.0.1", port);
          BufferedReader secondIn = reader(second)) {
        assertEquals("* BYE [UNAVAILABLE] too many connections, try again later", secondIn.readLine());
        assertEquals(null, secondIn.readLine(), "and closed");
      }
      server.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals("* BYE [UNAVAILABLE] this server is shutting down, reconnect", firstIn.readLine());
      assertEquals(null, firstIn.readLine(), "closed by the stop");
    }
  }

  private static BufferedReader reader(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }
}
