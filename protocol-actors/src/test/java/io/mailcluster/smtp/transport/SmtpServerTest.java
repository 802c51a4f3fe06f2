package io.mailcluster.smtp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.smtp.codec.ReplyEncoder;
import io.mailcluster.smtp.codec.SmtpReplies;
import io.mailcluster.smtp.codec.SmtpReply;
import io.mailcluster.smtp.session.Resolution;
import io.mailcluster.testing.LogCapturing;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SMTP listener on a real socket (127.0.0.1, a free port), with an in-memory resolver and
 * store. Each test starts its own actor system so it can set its own limits.
 */
@ExtendWith(LogCapturing.class)
class SmtpServerTest {

  private static final Map<String, Resolution> DIRECTORY = Map.of(
      "bob@example.test", new Resolution.Local(List.of("bob@example.test")),
      "carol@example.test",
      new Resolution.Local(List.of("carol@example.test", "dave@example.test")));

  private static final RecipientResolver RESOLVER = (address, declaredSize) -> CompletableFuture.supplyAsync(
      () -> DIRECTORY.getOrDefault(address, new Resolution.UnknownUser()));

  private static final List<String> EHLO_REPLY = List.of(
      "250-mx.example.test greets client.test", "250-PIPELINING", "250-8BITMIME",
      "250-SIZE 31457280", "250-ENHANCEDSTATUSCODES", "250-SMTPUTF8", "250-CHUNKING",
      "250 BINARYMIME");

  private static final String ACCEPTED = "250 2\\.0\\.0 Message accepted as [a-z0-9]+-\\d+-\\d+";

  private ActorTestKit testKit;
  private SmtpServer server;
  private final FakeStore store = new FakeStore();

  private SmtpServer start(String overrides, MessageStore messageStore) throws Exception {
    testKit = ActorTestKit.create("SmtpServerTest", ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseResources("smtp-transport-test.conf"))
        .withFallback(ConfigFactory.load()).resolve());
    server = SmtpServer.start(testKit.system(), "127.0.0.1", 0, RESOLVER, messageStore)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    return server;
  }

  private SmtpServer start() throws Exception {
    return start("", store);
  }

  @AfterEach
  void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  private RawClient connect() throws IOException {
    return new RawClient(server.localAddress());
  }

  /** Connects, reads the greeting, says EHLO and opens a transaction for bob. */
  private RawClient openTransaction() throws IOException {
    RawClient c = connect();
    assertEquals("220 mx.example.test ESMTP ready", c.readLine());
    assertEquals(EHLO_REPLY, sendAndRead(c, "EHLO client.test"));
    assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
    assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.test>"));
    return c;
  }

  private static List<String> sendAndRead(RawClient c, String line) throws IOException {
    c.send(line + "\r\n");
    return c.readReply();
  }

  private static String line(SmtpReply reply) {
    String encoded = ReplyEncoder.encode(reply).utf8String();
    return encoded.substring(0, encoded.length() - 2);
  }

  private static void assertMatches(String regex, String actual) {
    assertTrue(actual.matches(regex), () -> "'" + actual + "' does not match " + regex);
  }

  @Test
  void deliversAMessageWithTraceHeadersAndByteExactReplies() throws Exception {
    start();
    try (RawClient c = openTransaction()) {
      assertEquals("354 End data with <CR><LF>.<CR><LF>", c.command("DATA"));
      String accepted = c.command("Subject: hi\r\n\r\nHello Bob.\r\n.");
      assertMatches(ACCEPTED, accepted);
      assertEquals("221 2.0.0 mx.example.test closing connection", c.command("QUIT"));
      assertTrue(c.closedByServer());

      assertEquals(1, store.stored.size());
      FakeStore.Stored m = store.stored.get(0);
      String id = accepted.substring(accepted.lastIndexOf(' ') + 1);
      assertEquals(id, m.messageId());
      assertEquals(List.of("bob@example.test"), m.envelope().recipients());
      assertEquals("alice@example.org", m.envelope().reversePath());
      assertMatches("Return-Path: <alice@example\\.org>\r\n"
          + "Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
          + "\tby mx\\.example\\.test with ESMTP id " + id + "\r\n"
          + "\tfor <bob@example\\.test>;\r\n"
          + "\t\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n"
          + "Subject: hi\r\n\r\nHello Bob\\.\r\n", m.content());
    }
  }

  @Test
  void answersAWholePipelinedConversationInCommandOrder() throws Exception {
    start();
    try (RawClient c = connect()) {
      c.send("EHLO client.test\r\nMAIL FROM:<alice@example.org> SIZE=60\r\n"
          + "RCPT TO:<bob@example.test>\r\nRCPT TO:<nobody@example.test>\r\n"
          + "RCPT TO:<carol@example.test>\r\nDATA\r\nSubject: pipelined\r\n\r\n"
          + "..leading dot\r\nbye\r\n.\r\nNOOP\r\nQUIT\r\n");
      assertEquals("220 mx.example.test ESMTP ready", c.readLine());
      assertEquals(EHLO_REPLY, c.readReply());
      assertEquals("250 2.1.0 Sender OK", c.readLine());
      assertEquals("250 2.1.5 Recipient OK", c.readLine());
      assertEquals("550 5.1.1 Recipient address rejected: user unknown", c.readLine());
      assertEquals("250 2.1.5 Recipient OK", c.readLine());
      assertEquals("354 End data with <CR><LF>.<CR><LF>", c.readLine());
      assertMatches(ACCEPTED, c.readLine());
      assertEquals("250 2.0.0 OK", c.readLine());
      assertEquals("221 2.0.0 mx.example.test closing connection", c.readLine());
      assertTrue(c.closedByServer());
    }
    assertEquals(1, store.stored.size());
    FakeStore.Stored m = store.stored.get(0);
    assertEquals(List.of("bob@example.test", "carol@example.test", "dave@example.test"),
        m.envelope().recipients());
    assertTrue(m.content().endsWith("\r\nSubject: pipelined\r\n\r\n.leading dot\r\nbye\r\n"),
        m.content());
  }

  @Test
  void answersPipelinedInputThatEndsWithTheClientsFin() throws Exception {
    start();
    try (RawClient c = connect()) {
      c.send("EHLO client.test\r\nMAIL FROM:<alice@example.org>\r\n"
          + "RCPT TO:<bob@example.test>\r\nDATA\r\nSubject: last words\r\n\r\nbye\r\n.\r\n"
          + "QUIT\r\n");
      c.finishSending();
      assertEquals("220 mx.example.test ESMTP ready", c.readLine());
      assertEquals(EHLO_REPLY, c.readReply());
      assertEquals("250 2.1.0 Sender OK", c.readLine());
      assertEquals("250 2.1.5 Recipient OK", c.readLine());
      assertEquals("354 End data with <CR><LF>.<CR><LF>", c.readLine());
      assertMatches(ACCEPTED, c.readLine());
      assertEquals("221 2.0.0 mx.example.test closing connection", c.readLine());
      assertTrue(c.closedByServer());
    }
    assertEquals(1, store.stored.size());
  }

  @Test
  void storageFailureGets451AndKeepsNothingThenARetryIsStored() throws Exception {
    start();
    store.failNextCommit.set(true);
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      assertEquals(line(SmtpReplies.LOCAL_ERROR), c.command("Subject: try 1\r\n\r\nbody\r\n."));
      assertEquals(List.of(), store.stored);

      assertEquals("250 2.1.0 Sender OK", c.command("MAIL FROM:<alice@example.org>"));
      assertEquals("250 2.1.5 Recipient OK", c.command("RCPT TO:<bob@example.test>"));
      c.command("DATA");
      assertMatches(ACCEPTED, c.command("Subject: try 2\r\n\r\nbody\r\n."));
    }
    assertEquals(1, store.stored.size());
    assertTrue(store.stored.get(0).content().contains("Subject: try 2\r\n"));
  }

  @Test
  void abortsTheUploadWhenTheClientDisconnectsMidData() throws Exception {
    start();
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      assertTrue(store.nextEvent().startsWith("begin "));
      c.send("Subject: half\r\n\r\nfirst part of the body\r\n");
    }
    assertTrue(store.nextEvent().startsWith("abort "));
    assertEquals(List.of(), store.stored);
  }

  @Test
  void commandTimeoutAnswers421AndClosesTheSocket() throws Exception {
    start("mail-cluster.smtp.command-timeout = 300 ms", store);
    try (RawClient c = connect()) {
      assertEquals("220 mx.example.test ESMTP ready", c.readLine());
      assertEquals("421 4.4.2 Timeout waiting for client input, closing connection", c.readLine());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void dataTimeoutAbortsTheUploadAndCloses() throws Exception {
    start("mail-cluster.smtp.data-timeout = 300 ms", store);
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      c.send("Subject: slow\r\n");
      assertEquals("421 4.4.2 Timeout waiting for client input, closing connection", c.readLine());
      assertTrue(c.closedByServer());
    }
    assertTrue(store.nextEvent().startsWith("begin "));
    assertTrue(store.nextEvent().startsWith("abort "));
  }

  @Test
  void refusesConnectionsOverTheLimitWith421() throws Exception {
    start("mail-cluster.smtp.max-connections = 2", store);
    try (RawClient first = connect(); RawClient second = connect()) {
      assertEquals("220 mx.example.test ESMTP ready", first.readLine());
      assertEquals("220 mx.example.test ESMTP ready", second.readLine());
      try (RawClient third = connect()) {
        assertEquals("421 4.7.0 Too many connections, try again later", third.readLine());
        assertTrue(third.closedByServer());
      }
      assertEquals("221 2.0.0 mx.example.test closing connection", first.command("QUIT"));
      assertTrue(first.closedByServer());
      TestProbe<Done> probe = testKit.createTestProbe();
      probe.awaitAssert(Duration.ofSeconds(10), () -> {
        assertEquals(1, server.liveConnections());
        return null;
      });
      try (RawClient fourth = connect()) {
        assertEquals("220 mx.example.test ESMTP ready", fourth.readLine());
      }
      assertEquals("250 2.0.0 OK", second.command("NOOP"));
    }
  }

  @Test
  void streamsTwentyMegabytesWithBoundedBuffering() throws Exception {
    ExecutorService acceptor = Executors.newSingleThreadExecutor();
    try {
      CountingStore counting = new CountingStore(acceptor);
      start("", counting);
      byte[] line = new byte[1000];
      Arrays.fill(line, (byte) 'x');
      line[998] = '\r';
      line[999] = '\n';
      int lines = 20 * 1024; // 20,480,000 octets
      try (RawClient c = openTransaction()) {
        c.command("DATA");
        byte[] block = new byte[line.length * 64];
        for (int i = 0; i < 64; i++) {
          System.arraycopy(line, 0, block, i * line.length, line.length);
        }
        for (int i = 0; i < lines / 64; i++) {
          c.write(block);
        }
        assertMatches(ACCEPTED, c.command("."));
      }
      long content = (long) lines * line.length;
      long headers = counting.received.get() - content;
      assertTrue(headers > 0 && headers < 512, "trace headers: " + headers);
      assertEquals(1, counting.maxOutstandingOffers.get(), "offers in flight at once");
      assertTrue(counting.maxOutstandingBytes.get() <= 512 * 1024,
          "bytes offered but not accepted: " + counting.maxOutstandingBytes.get());
      assertTrue(counting.offers.get() > 20, "content came in many chunks: " + counting.offers);
    } finally {
      acceptor.shutdownNow();
    }
  }

  @Test
  void gracefulStopAbortsAnOpenTransactionWith421AndStopsAccepting() throws Exception {
    start();
    InetSocketAddress address = server.localAddress();
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      c.send("Subject: interrupted\r\n\r\npart\r\n");
      assertTrue(store.nextEvent().startsWith("begin "));
      CompletionStage<Done> drained = server.unbindAndDrain(Duration.ofSeconds(5));
      assertEquals("421 4.3.2 Service shutting down, closing connection", c.readLine());
      assertTrue(c.closedByServer());
      drained.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertTrue(store.nextEvent().startsWith("abort "));
    assertEquals(List.of(), store.stored);
    assertThrows(ConnectException.class, () -> new RawClient(address).close());
  }

  @Test
  void gracefulStopAnswersAPendingCommitBeforeSaying421() throws Exception {
    start();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    store.commitGate.set(gate);
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      c.send("Subject: in time\r\n\r\nbody\r\n.\r\n");
      assertTrue(store.nextEvent().startsWith("begin "));
      assertTrue(store.nextEvent().startsWith("commit "));
      CompletionStage<Done> drained = server.unbindAndDrain(Duration.ofSeconds(5));
      gate.complete(null);
      assertMatches(ACCEPTED, c.readLine());
      assertEquals("421 4.3.2 Service shutting down, closing connection", c.readLine());
      assertTrue(c.closedByServer());
      drained.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertEquals(1, store.stored.size());
  }

  @Test
  void gracefulStopCutsASessionThatDoesNotFinishInTime() throws Exception {
    start();
    store.commitGate.set(new CompletableFuture<>()); // a commit that never ends
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      c.send("Subject: stuck\r\n\r\nbody\r\n.\r\n");
      assertTrue(store.nextEvent().startsWith("begin "));
      assertTrue(store.nextEvent().startsWith("commit "));
      server.unbindAndDrain(Duration.ofMillis(300)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertTrue(c.closedByServer()); // no 250: the message was never acknowledged
    }
    assertEquals(List.of(), store.stored);
  }

  @Test
  void aStalledStoreStopsTheServerReadingSoTheClientBlocks() throws Exception {
    GatedStore gated = new GatedStore();
    start("", gated);
    byte[] block = new byte[64 * 1000];
    for (int i = 0; i < block.length; i += 1000) {
      Arrays.fill(block, i, i + 998, (byte) 'y');
      block[i + 998] = '\r';
      block[i + 999] = '\n';
    }
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (RawClient c = openTransaction()) {
      c.command("DATA");
      Future<?> written = writer.submit(() -> {
        for (int i = 0; i < 20 * 1024 / 64; i++) {
          c.write(block); // 20,480,000 octets: far more than the socket buffers hold
        }
        return null;
      });
      gated.firstOffer.get(10, TimeUnit.SECONDS);
      // the store holds the first chunk; the client must stay blocked in write
      assertThrows(TimeoutException.class, () -> written.get(1, TimeUnit.SECONDS));
      assertEquals(1, gated.offers.get(), "offers while the store accepts nothing");
      gated.open.complete(null);
      written.get(30, TimeUnit.SECONDS);
      assertMatches(ACCEPTED, c.command("."));
      assertEquals(20L * 1024 * 1000, gated.offeredBytes.get() - gated.offeredBytesOfHeaders());
    } finally {
      writer.shutdownNow();
    }
  }

}
