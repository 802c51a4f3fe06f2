package io.mailcluster.pop3.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MessageTransferTest {

  private static final ActorTestKit testKit = ActorTestKit.create("MessageTransferTest");
  private static final Materializer MAT = Materializer.matFromSystem(testKit.system());

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private static final String MESSAGE = "Subject: dots\r\n\r\n.leading\r\nmiddle . dot\r\n..two\r\n.\r\nend\r\n";

  @Test
  void stuffsEveryLineStartingWithADotWhereverChunksSplit() throws Exception {
    String expected = "Subject: dots\r\n\r\n..leading\r\nmiddle . dot\r\n...two\r\n..\r\nend\r\n.\r\n";
    for (int split = 0; split <= MESSAGE.length(); split++) {
      assertEquals(expected, run(split(MESSAGE, split), MessageTransfer.dotStuffed()), "split " + split);
    }
    assertEquals(expected, run(byteByByte(MESSAGE), MessageTransfer.dotStuffed()));
  }

  @Test
  void aMessageWithoutAFinalLineEndGetsOneBeforeTheDot() throws Exception {
    assertEquals("a\r\n..b\r\n.\r\n",
        run(List.of(ByteString.fromString("a\r\n.b")), MessageTransfer.dotStuffed()));
    assertEquals(".\r\n", run(List.of(), MessageTransfer.dotStuffed()), "empty message");
  }

  @Test
  void topSendsTheHeaderTheBlankLineAndTheFirstBodyLines() throws Exception {
    String message = "A: 1\r\nB: 2\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";
    for (int split = 0; split <= message.length(); split++) {
      List<ByteString> chunks = split(message, split);
      assertEquals("A: 1\r\nB: 2\r\n\r\n", run(chunks, MessageTransfer.top(0)), "split " + split);
      assertEquals("A: 1\r\nB: 2\r\n\r\nline 1\r\nline 2\r\n", run(chunks, MessageTransfer.top(2)));
      assertEquals(message, run(chunks, MessageTransfer.top(10)), "more lines than the body has");
    }
    assertEquals("A: 1\r\nB: 2\r\n\r\nline 1\r\n", run(byteByByte(message), MessageTransfer.top(1)));
  }

  @Test
  void aMessageWithoutABlankLineIsAllHeader() throws Exception {
    assertEquals("A: 1\r\nB: 2\r\n", run(List.of(ByteString.fromString("A: 1\r\nB: 2\r\n")),
        MessageTransfer.top(0)));
  }

  @Test
  void topStopsReadingTheMessageOnceItHasItsLines() throws Exception {
    AtomicInteger pulled = new AtomicInteger();
    Source<ByteString, NotUsed> endless = Source.repeat(ByteString.fromString("more body\r\n"))
        .prepend(Source.single(ByteString.fromString("A: 1\r\n\r\n")))
        .map(chunk -> {
          pulled.incrementAndGet();
          return chunk;
        });
    String top = endless.via(MessageTransfer.top(3))
        .runWith(Sink.fold("", (acc, b) -> acc + b.utf8String()), MAT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals("A: 1\r\n\r\nmore body\r\nmore body\r\nmore body\r\n", top);
    assertTrue(pulled.get() < 10, "read " + pulled.get() + " chunks");
  }

  private static String run(List<ByteString> chunks, Flow<ByteString, ByteString, NotUsed> flow)
      throws Exception {
    return Source.from(chunks).via(flow)
        .runWith(Sink.fold("", (acc, b) -> acc + b.utf8String()), MAT)
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<ByteString> split(String text, int at) {
    return List.of(ByteString.fromString(text.substring(0, at)), ByteString.fromString(text.substring(at)));
  }

  private static List<ByteString> byteByByte(String text) {
    List<ByteString> chunks = new ArrayList<>();
    for (char c : text.toCharArray()) {
      chunks.add(ByteString.fromString(String.valueOf(c)));
    }
    return chunks;
  }
}
