package io.mailcluster.imap.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.imap.codec.ImapSettings;
import io.mailcluster.imap.content.ContentSettings;
import io.mailcluster.imap.session.ImapSessionSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One connection driven line by line (not as a script): IDLE woken by a change of the folder,
 * the login and autologout timers, and a node shutting down in the middle of a session.
 */
class ImapConnectionTest {

  private static final ActorTestKit testKit = ActorTestKit.create("ImapConnectionTest");
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());
  private static final ImapSettings CODEC = new ImapSettings(8192, 1_000_000, 4096, 16);
  private static final ContentSettings CONTENT = ContentSettings.fromConfig(ConfigFactory.defaultReference());
  /** The client address the transport hands the connection. */
  private static final String CLIENT = "192.0.2.44";

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  /** A running connection: lines in, lines out. */
  private static final class Client {
    final SourceQueueWithComplete<ByteString> in;
    final SinkQueueWithCancel<ByteString> out;
    final ImapConnection connection;
    private String buffered = "";

    Client(FakeImapBackend backend, ImapSessionSettings settings) {
      var running = Source.<ByteString>queue(16, OverflowStrategy.backpressure())
          .viaMat(ImapConnection.flow(CODEC, settings, CONTENT, backend, "test", CLIENT), Keep.both())
          .toMat(Sink.queue(), Keep.both())
          .run(MAT);
      Pair<SourceQueueWithComplete<ByteString>, ImapConnection> left = running.first();
      this.in = left.first();
      this.connection = left.second();
      this.out = running.second();
    }

    void send(String line) {
      in.offer(ByteString.fromString(line + "\r\n"));
    }

    /** The next line, or null when the server closed the connection. */
    String line(Duration within) throws Exception {
      while (!buffered.contains("\r\n")) {
        CompletionStage<java.util.Optional<ByteString>> next = out.pull();
        var bytes = next.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        if (bytes.isEmpty()) {
          return null;
        }
        buffered += bytes.get().utf8String();
      }
      int end = buffered.indexOf("\r\n");
      String line = buffered.substring(0, end);
      buffered = buffered.substring(end + 2);
      return line;
    }

    String line() throws Exception {
      return line(Duration.ofSeconds(5));
    }

    /** Lines up to and including the first that starts with {@code prefix}. */
    String until(String prefix) throws Exception {
      String line;
      do {
        line = line();
      } while (line != null && !line.startsWith(prefix));
      return line;
    }
  }

  private static ImapSessionSettings settings(Duration login, Duration autologout) {
    return new ImapSessionSettings(3, login, autologout, 100, 100, Duration.ofMillis(200));
  }

  private static FakeImapBackend backend() {
    FakeImapBackend backend = new FakeImapBackend();
    backend.account("ann@example.test", "secret");
    backend.deliver("ann@example.test", "INBOX", "Subject: 1\r\n\r\na\r\n");
    return backend;
  }

  @Test
  void anIdlingClientHearsOfANewMessageAndOfFlagChangesAtOnce() throws Exception {
    FakeImapBackend backend = backend();
    Client c = new Client(backend, settings(Duration.ofMinutes(1), Duration.ofMinutes(30)));
    c.line();
    c.send("a1 LOGIN ann@example.test secret");
    c.until("a1 OK");
    c.send("a2 SELECT INBOX");
    c.until("a2 OK");
    c.send("a3 IDLE");
    assertEquals("+ idling", c.line());
    backend.deliver("ann@example.test", "INBOX", "Subject: 2\r\n\r\nb\r\n");
    assertEquals("* 2 EXISTS", c.line());
    assertEquals("* 1 RECENT", c.line());
    c.send("DONE");
    assertEquals("a3 OK IDLE terminated", c.line());
    c.send("a4 STORE 2 +FLAGS.SILENT (\\Seen)");
    assertEquals("a4 OK STORE completed", c.line());
    c.send("a5 LOGOUT");
    assertEquals("* BYE logging out", c.line());
  }

  @Test
  void aClientThatDoesNotLogInInTimeIsToldAndDisconnected() throws Exception {
    Client c = new Client(backend(), settings(Duration.ofMillis(300), Duration.ofMinutes(30)));
    assertTrue(c.line().startsWith("* OK"));
    assertEquals("* BYE autologout, idle for too long", c.line(Duration.ofSeconds(5)));
    assertEquals(null, c.line(Duration.ofSeconds(5)), "closed");
  }

  @Test
  void aSilentLoggedInClientIsLoggedOutAfterTheAutologoutTime() throws Exception {
    Client c = new Client(backend(), settings(Duration.ofMillis(300), Duration.ofMillis(800)));
    c.line();
    c.send("a1 LOGIN ann@example.test secret");
    c.until("a1 OK");
    assertEquals("* BYE autologout, idle for too long", c.line(Duration.ofSeconds(5)));
    assertEquals(null, c.line(Duration.ofSeconds(5)), "closed");
  }

  @Test
  void everyLoginAttemptCarriesTheClientAddress() throws Exception {
    FakeImapBackend backend = backend();
    Client c = new Client(backend, settings(Duration.ofMinutes(1), Duration.ofMinutes(30)));
    c.line();
    c.send("a1 LOGIN ann@example.test wrong");
    assertEquals("a1 NO [AUTHENTICATIONFAILED] invalid user name or password", c.line());
    String plain = Base64.getEncoder().encodeToString(
        "\0ann@example.test\0secret".getBytes(StandardCharsets.UTF_8));
    c.send("a2 AUTHENTICATE PLAIN " + plain);
    assertTrue(c.line().startsWith("a2 OK [CAPABILITY "));
    assertEquals(List.of("ann@example.test from " + CLIENT, "ann@example.test from " + CLIENT),
        backend.logins);
  }

  @Test
  void aRightPasswordWhoseLoginWasNotRecordedIsRefusedAsUnavailable() throws Exception {
    FakeImapBackend backend = backend();
    backend.loginNotRecorded = true;
    Client c = new Client(backend, settings(Duration.ofMinutes(1), Duration.ofMinutes(30)));
    c.line();
    c.send("a1 LOGIN ann@example.test secret");
    assertEquals("a1 NO [UNAVAILABLE] storage is unavailable, try again later", c.line());
    c.send("a2 SELECT INBOX");
    assertTrue(c.line().startsWith("a2 BAD "), "still not logged in");
    backend.loginNotRecorded = false;
    c.send("a3 LOGIN ann@example.test secret");
    assertTrue(c.line().startsWith("a3 OK "), "a retry gets in");
  }

  @Test
  void aNodeShuttingDownSaysByeAndCloses() throws Exception {
    Client c = new Client(backend(), settings(Duration.ofMinutes(1), Duration.ofMinutes(30)));
    c.line();
    c.send("a1 LOGIN ann@example.test secret");
    c.until("a1 OK");
    c.connection.shutDown();
    assertEquals("* BYE [UNAVAILABLE] this server is shutting down, reconnect", c.line());
    assertEquals(null, c.line(), "closed");
    c.connection.terminated().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
