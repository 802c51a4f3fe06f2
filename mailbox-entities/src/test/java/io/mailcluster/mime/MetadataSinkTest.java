package io.mailcluster.mime;

import static io.mailcluster.mime.Fixtures.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.testing.LogCapturing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The streaming entry: bytes broadcast to the extractor and another sink, as SMTP DATA will be. */
@ExtendWith(LogCapturing.class)
class MetadataSinkTest {

  private static final ActorTestKit testKit = ActorTestKit.create("MetadataSinkTest", ConfigFactory.load());
  private static final Executor dispatcher = MetadataExtractor.dispatcher(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static final int ATTACHMENT_OCTETS = 10 * 1024 * 1024;

  /** A text part and a 10 MiB random attachment, base64 in 76-character lines. */
  private static Pair<byte[], byte[]> bigMessage() throws IOException {
    byte[] raw = new byte[ATTACHMENT_OCTETS];
    new Random(42).nextBytes(raw);
    byte[] encoded = Base64.getMimeEncoder().encode(raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length + 1024);
    out.write(("From: big@example.org\r\nTo: you@example.com\r\nSubject: ten megabytes\r\n"
        + "Content-Type: multipart/mixed; boundary=\"big-boundary\"\r\n\r\n"
        + "--big-boundary\r\nContent-Type: text/plain\r\n\r\nline 1\r\nline 2\r\nline 3\r\n"
        + "--big-boundary\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"blob.bin\"\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(encoded);
    out.write("\r\n--big-boundary--\r\n".getBytes(StandardCharsets.US_ASCII));
    return Pair.create(out.toByteArray(), encoded);
  }

  private static Source<ByteString, ?> chunked(byte[] message, int chunk) {
    List<ByteString> chunks = new ArrayList<>();
    for (int i = 0; i < message.length; i += chunk) {
      chunks.add(ByteString.fromArray(Arrays.copyOfRange(message, i, Math.min(message.length, i + chunk))));
    }
    return Source.from(chunks);
  }

  @Test
  void tenMegabyteAttachmentStreamedThroughTheSinkHasExactSizesLinesAndOffsets() throws Exception {
    Pair<byte[], byte[]> big = bigMessage();
    byte[] message = big.first();
    byte[] encoded = big.second();
    MetadataExtractor extractor = new MetadataExtractor(Fixtures.DEFAULTS);

    Pair<CompletionStage<MessageMetadata>, CompletionStage<Long>> both = chunked(message, 65536)
        .alsoToMat(extractor.sink(dispatcher), Keep.right())
        .toMat(Sink.fold(0L, (n, bytes) -> n + bytes.size()), Keep.both())
        .run(testKit.system());
    MessageMetadata m = both.first().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(message.length, both.second().toCompletableFuture().get(60, TimeUnit.SECONDS));

    assertEquals(message.length, m.size());
    assertTrue(m.offsetsExact());
    assertEquals("ten megabytes", m.subject());
    BodyStructure text = m.body().parts().get(0);
    BodyStructure blob = m.body().parts().get(1);
    assertEquals(3L, text.lines());
    assertEquals("line 1\r\nline 2\r\nline 3", slice(message, text.offsets().bodyStart(), text.offsets().bodyEnd()));
    assertEquals(encoded.length, blob.size());
    assertArrayEquals(encoded, Arrays.copyOfRange(message, (int) blob.offsets().bodyStart(), (int) blob.offsets().bodyEnd()));
    assertTrue(slice(message, blob.offsets().headerStart(), blob.offsets().bodyStart())
        .startsWith("Content-Type: application/octet-stream\r\n"));
    assertEquals("blob.bin", blob.disposition().params().get(0).value());
    assertEquals(message.length, m.body().offsets().bodyEnd());
  }

  @Test
  void sinkGivesTheSameMetadataAsTheBlockingExtractorForEveryChunkSize() throws Exception {
    byte[] message = Fixtures.load("nested-rfc822.eml");
    MessageMetadata expected = Fixtures.extract(message);
    MetadataExtractor extractor = new MetadataExtractor(Fixtures.DEFAULTS);
    for (int chunk : new int[] {1, 7, 64, message.length}) {
      MessageMetadata streamed = chunked(message, chunk)
          .runWith(extractor.sink(dispatcher), testKit.system())
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertEquals(expected, streamed, "chunks of " + chunk);
    }
  }

  @Test
  void sinkFailsWhenTheBytesStopComing() {
    MimeSettings impatient = new MimeSettings(20, 1000, 500, 65536, 65536, Duration.ofMillis(200));
    CompletionStage<MessageMetadata> result = Source.<ByteString>maybe()
        .runWith(new MetadataExtractor(impatient).sink(dispatcher), testKit.system());
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> result.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertNotNull(failure.getCause());
  }

  @Test
  void sinkFailsWhenTheUpstreamFails() {
    CompletionStage<MessageMetadata> result = Source.single(ByteString.fromString("Subject: x\r\n"))
        .concat(Source.failed(new IllegalStateException("client went away")))
        .runWith(new MetadataExtractor(Fixtures.DEFAULTS).sink(dispatcher), testKit.system());
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> result.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertInstanceOf(java.io.UncheckedIOException.class, failure.getCause());
  }
}
