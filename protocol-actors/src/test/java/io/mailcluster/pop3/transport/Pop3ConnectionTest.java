package io.mailcluster.pop3.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.pop3.codec.Pop3Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What transcripts cannot show: the idle timeout and a client that never closes. */
class Pop3ConnectionTest {

  private static final ActorTestKit testKit = ActorTestKit.create("Pop3ConnectionTest");
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());

  /** The client address the transport hands the connection. */
  private static final String CLIENT = "192.0.2.45";

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static Pop3Settings loginSettings() {
    return new Pop3Settings("pop.test", 255, 10, 5, Duration.ofMinutes(1), Duration.ofMinutes(1), 10);
  }

  /** The whole conversation of a client that sends {@code lines} and then closes. */
  private static String converse(FakeBackend backend, String lines) throws Exception {
    ByteStringBuilder received = new ByteStringBuilder();
    Source.single(ByteString.fromString(lines))
        .via(Pop3Connection.flow(loginSettings(), backend, "login-session", CLIENT))
        .runWith(Sink.foreach(received::append), MAT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return received.result().utf8String();
  }

  @Test
  void everyLoginAttemptCarriesTheClientAddress() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.account("ann@x.test", "secret");
    String plain = Base64.getEncoder().encodeToString(
        "\0ann@x.test\0secret".getBytes(StandardCharsets.UTF_8));
    String said = converse(backend, "USER ann@x.test\r\nPASS wrong\r\nAUTH PLAIN " + plain
        + "\r\nQUIT\r\n");
    assertTrue(said.contains("-ERR [AUTH] invalid user name or password\r\n"), said);
    assertTrue(said.contains("+OK maildrop has 0 messages"), said);
    assertEquals(List.of("ann@x.test from " + CLIENT, "ann@x.test from " + CLIENT), backend.logins);
  }

  @Test
  void aRightPasswordWhoseLoginWasNotRecordedIsRefusedAsTemporary() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.account("ann@x.test", "secret");
    backend.loginNotRecorded = true;
    String said = converse(backend, "USER ann@x.test\r\nPASS secret\r\nSTAT\r\nQUIT\r\n");
    assertEquals("+OK pop.test POP3 ready\r\n"
            + "+OK send PASS\r\n"
            + "-ERR [SYS/TEMP] mailbox unavailable, try again later\r\n"
            + "-ERR not valid before login\r\n"
            + "+OK pop.test POP3 server signing off\r\n",
        said);
    assertEquals(List.of(), backend.openRequests, "no maildrop opened");
  }

  @Test
  void anIdleSessionIsClosedWithoutCommittingAndReleasesItsMaildrop() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.account("idle@x.test", "pw");
    backend.deliver("idle@x.test", "A: 1\r\n\r\none\r\n");
    Pop3Settings settings = new Pop3Settings("pop.test", 255, 10, 3, Duration.ofMillis(500), Duration.ofMinutes(1), 10);
    ByteStringBuilder received = new ByteStringBuilder();
    // the client logs in, marks a message and then says nothing, without closing
    CompletableFuture<?> done = Source.single(ByteString.fromString("USER idle@x.test\r\nPASS pw\r\nDELE 1\r\n"))
        .concat(Source.maybe())
        .via(Pop3Connection.flow(settings, backend, "idle-session", CLIENT))
        .runWith(Sink.foreach(received::append), MAT)
        .toCompletableFuture();

    ExecutionException ended = assertThrows(
        ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, ended.getCause());
    assertTrue(received.result().utf8String().endsWith("+OK message 1 deleted\r\n"),
        received.result().utf8String());
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(!backend.locks.containsKey("idle@x.test"), "released");
      return null;
    });
    assertEquals(null, backend.expunged.get("idle@x.test"), "nothing committed");
  }

  @Test
  void aLockGrantedAfterTheClientLeftIsReleased() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.account("gone@x.test", "pw");
    backend.openGate = new CompletableFuture<>();
    Pop3Settings settings = new Pop3Settings("pop.test", 255, 10, 3, Duration.ofMinutes(1), Duration.ofMinutes(1), 10);
    // the client logs in; while the maildrop lock is still being taken, the connection breaks
    UniqueKillSwitch connection = Source.single(ByteString.fromString("USER gone@x.test\r\nPASS pw\r\n"))
        .concat(Source.maybe())
        .via(Pop3Connection.flow(settings, backend, "gone-session", CLIENT))
        .viaMat(KillSwitches.single(), Keep.right())
        .to(Sink.ignore())
        .run(MAT);
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(List.of("gone@x.test"), backend.openRequests);
      return null;
    });
    connection.abort(new IOException("connection reset by peer"));
    backend.openGate.complete(null); // now the lock is granted, to nobody
    testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(List.of("gone@x.test"), backend.released, "released right after it was granted");
      assertTrue(!backend.locks.containsKey("gone@x.test"));
      return null;
    });
  }

  @Test
  void aConnectionThatDoesNotLogInInTimeIsClosedWhileALoggedInOneStays() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.account("quick@x.test", "pw");
    Pop3Settings settings = new Pop3Settings("pop.test", 255, 10, 3, Duration.ofMinutes(1),
        Duration.ofMillis(300), 10);
    CompletableFuture<?> silent = Source.<ByteString>maybe()
        .via(Pop3Connection.flow(settings, backend, "silent", CLIENT))
        .runWith(Sink.ignore(), MAT)
        .toCompletableFuture();
    ExecutionException ended = assertThrows(ExecutionException.class,
        () -> silent.get(10, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, ended.getCause());

    ByteStringBuilder received = new ByteStringBuilder();
    Pair<UniqueKillSwitch, CompletionStage<Done>> loggedIn =
        Source.single(ByteString.fromString("USER quick@x.test\r\nPASS pw\r\n"))
            .concat(Source.maybe())
            .via(Pop3Connection.flow(settings, backend, "quick", CLIENT))
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.foreach(received::append), Keep.both())
            .run(MAT);
    // well past the login timeout, the logged-in session is still open
    assertThrows(TimeoutException.class,
        () -> loggedIn.second().toCompletableFuture().get(1500, TimeUnit.MILLISECONDS));
    assertTrue(received.result().utf8String().contains("+OK maildrop has 0 messages"),
        received.result().utf8String());
    loggedIn.first().shutdown();
  }

  @Test
  void aListingOfAHundredThousandMessagesStreamsEveryLineInOrder() throws Exception {
    FakeBackend backend = new FakeBackend();
    backend.account("big@x.test", "pw");
    backend.deliverSizesOnly("big@x.test", 100_000, 4321);
    Pop3Settings settings = Pop3Settings.fromConfig(ConfigFactory.load());
    String output = Source.single(ByteString.fromString(
            "USER big@x.test\r\nPASS pw\r\nDELE 2\r\nLIST\r\nUIDL\r\nQUIT\r\n"))
        .via(Pop3Connection.flow(settings, backend, "big-session", CLIENT))
        .runWith(Sink.fold(new ByteStringBuilder(), ByteStringBuilder::append), MAT)
        .toCompletableFuture().get(60, TimeUnit.SECONDS)
        .result().utf8String();
    List<String> lines = List.of(output.split("\r\n"));
    int list = lines.indexOf("+OK 99999 messages");
    assertEquals("1 4321", lines.get(list + 1));
    assertEquals("3 4321", lines.get(list + 2), "message 2 is marked deleted");
    assertEquals("100000 4321", lines.get(list + 99_999));
    assertEquals(".", lines.get(list + 100_000));
    int uidl = list + 100_001;
    assertEquals("+OK 99999 messages", lines.get(uidl));
    assertEquals("100000 " + FakeBackend.UID_VALIDITY + ".100000", lines.get(uidl + 99_999));
    assertEquals(".", lines.get(uidl + 100_000));
  }
}
