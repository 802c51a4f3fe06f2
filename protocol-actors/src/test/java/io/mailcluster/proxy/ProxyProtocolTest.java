package io.mailcluster.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mailcluster.testing.LogCapturing;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ProxyProtocol#flow} without sockets: the protocol flow here greets with the client
 * address it was built for, then echoes what it gets.
 */
@ExtendWith(LogCapturing.class)
class ProxyProtocolTest {

  private static final ActorTestKit testKit = ActorTestKit.create("ProxyProtocolTest");
  private static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 40001);
  private static final ProxyProtocolSettings ON =
      new ProxyProtocolSettings(true, Duration.ofMillis(300), 2048);
  private static final ProxyProtocolSettings OFF =
      new ProxyProtocolSettings(false, Duration.ofMillis(300), 2048);

  private final AtomicInteger built = new AtomicInteger();

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private Flow<ByteString, ByteString, NotUsed> greetingEcho(InetSocketAddress client) {
    built.incrementAndGet();
    return Flow.<ByteString>create()
        .prepend(Source.single(ascii("hello " + client.getAddress().getHostAddress() + " "
            + client.getPort() + "|")));
  }

  /** Runs the chunks through the flow; the output as text and the materialized value. */
  private Pair<String, CompletionStage<NotUsed>> run(ProxyProtocolSettings settings,
      Source<ByteString, ?> input) throws Exception {
    Pair<CompletionStage<NotUsed>, CompletionStage<List<ByteString>>> ran = input
        .viaMat(ProxyProtocol.flow(settings, "TEST", BALANCER, this::greetingEcho), Keep.right())
        .toMat(Sink.seq(), Keep.both())
        .run(testKit.system());
    List<ByteString> out = ran.second().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return Pair.create(out.stream().map(b -> b.utf8String()).reduce("", String::concat),
        ran.first());
  }

  private Pair<String, CompletionStage<NotUsed>> run(ProxyProtocolSettings settings,
      ByteString... chunks) throws Exception {
    return run(settings, Source.from(List.of(chunks)));
  }

  @Test
  void v1HeaderNamesTheClientAndTheBytesAfterItReachTheProtocol() throws Exception {
    ByteString input = ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\r\nEHLO x\r\n");
    var ran = run(ON, input.take(10), input.drop(10).take(40), input.drop(50));
    assertEquals("hello 203.0.113.7 56324|EHLO x\r\n", ran.first());
    assertEquals(NotUsed.getInstance(), ran.second().toCompletableFuture().get(1, TimeUnit.SECONDS));
  }

  @Test
  void v2HeaderNamesTheClient() throws Exception {
    ByteString header = ProxyHeaderDecoderTest.v2(0x21, 0x11,
        ProxyHeaderDecoderTest.inet("203.0.113.7", "192.0.2.10", 56324, 25));
    var ran = run(ON, header.concat(ascii("EHLO x\r\n")));
    assertEquals("hello 203.0.113.7 56324|EHLO x\r\n", ran.first());
  }

  @Test
  void theProtocolStartsAfterAHeaderWithNothingBehindIt() throws Exception {
    var ran = run(ON, ascii("PROXY TCP6 2001:db8::7 2001:db8::1 40000 143\r\n"));
    assertEquals("hello 2001:db8:0:0:0:0:0:7 40000|", ran.first());
  }

  @Test
  void localCommandKeepsTheSocketPeer() throws Exception {
    var ran = run(ON, ProxyHeaderDecoderTest.v2(0x20, 0x00, ByteString.emptyByteString()));
    assertEquals("hello 127.0.0.1 40001|", ran.first());
  }

  @Test
  void unknownKeepsTheSocketPeer() throws Exception {
    var ran = run(ON, ascii("PROXY UNKNOWN\r\nQUIT\r\n"));
    assertEquals("hello 127.0.0.1 40001|QUIT\r\n", ran.first());
  }

  @Test
  void aConnectionWithoutHeaderIsClosedWithoutAGreeting() throws Exception {
    var ran = run(ON, ascii("EHLO client.test\r\n"));
    assertEquals("", ran.first());
    assertEquals(0, built.get(), "no protocol flow was built");
    assertSessionNeverStarted(ran.second());
  }

  @Test
  void aBadHeaderIsClosedWithoutAGreeting() throws Exception {
    var ran = run(ON, ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 99999\r\nEHLO x\r\n"));
    assertEquals("", ran.first());
    assertSessionNeverStarted(ran.second());
  }

  @Test
  void aConnectionClosedBeforeItsHeaderIsWholeGetsNothing() throws Exception {
    var ran = run(ON, ascii("PROXY TCP4 203.0.113.7"));
    assertEquals("", ran.first());
    assertSessionNeverStarted(ran.second());
  }

  @Test
  void aHeaderNotWholeWithinTheTimeoutClosesTheConnection() throws Exception {
    long start = System.nanoTime();
    var ran = run(ON, Source.single(ascii("PROXY TCP4 ")).concat(Source.never()));
    assertEquals("", ran.first());
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "after the timeout");
    assertSessionNeverStarted(ran.second());
  }

  @Test
  void withProxyOffAProxyLineIsTheProtocolsAndTheSocketPeerIsTheClient() throws Exception {
    var ran = run(OFF, ascii("PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\r\n"));
    assertEquals("hello 127.0.0.1 40001|PROXY TCP4 203.0.113.7 192.0.2.10 56324 25\r\n",
        ran.first());
  }

  private void assertSessionNeverStarted(CompletionStage<NotUsed> started) {
    assertThrows(ExecutionException.class,
        () -> started.toCompletableFuture().get(1, TimeUnit.SECONDS));
    assertEquals(0, built.get(), "no protocol flow was built");
  }

  private static ByteString ascii(String s) {
    return ByteString.fromString(s, StandardCharsets.US_ASCII);
  }
}
