package io.mailcluster.storage;

import static io.mailcluster.storage.MessageIngestTest.await;
import static io.mailcluster.storage.MessageIngestTest.extract;
import static io.mailcluster.storage.TestMessages.multipart;
import static io.mailcluster.storage.TestMessages.pieces;
import static io.mailcluster.storage.TestMessages.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.testing.LogCapturing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More uploads than extraction threads: the extra ones queue without deadlock, and one that waits
 * longer than {@code mail-cluster.ingest.extraction-wait} fails instead of stalling.
 */
@ExtendWith(LogCapturing.class)
class ExtractionQueueTest {

  /** Lines of 78 octets: the message is far larger than every buffer on the way (about 600 KiB). */
  private static final int LINES = 8000;
  private static final int PIECE = 4096;

  @Test
  void twentyUploadsOnEightThreadsAllCompleteWhileEveryThreadWaitsForItsSender() throws Exception {
    // fewer threads than uploads, whatever the default pool size is
    Config eightThreads = ConfigFactory.parseString(
        MetadataExtractor.DISPATCHER + ".thread-pool-executor.fixed-pool-size = 8")
        .withFallback(ConfigFactory.load());
    ActorTestKit testKit = ActorTestKit.create("ExtractionQueueTest", eightThreads);
    try {
      int threads = eightThreads.getInt(MetadataExtractor.DISPATCHER + ".thread-pool-executor.fixed-pool-size");
      assertEquals(8, threads);
      CountingExecutor counting = new CountingExecutor(MetadataExtractor.dispatcher(testKit.system()), threads);
      FakeStores stores = new FakeStores();
      MessageIngest ingest = new MessageIngest(testKit.system(), stores::blobSink, stores::put, counting);
      CompletableFuture<Object> senders = new CompletableFuture<>();

      List<byte[]> messages = new ArrayList<>();
      List<CompletionStage<IngestedMessage>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] message = multipart("upload " + i, LINES);
        messages.add(message);
        // each sender sends half its message, then waits until every thread is held by one
        int half = message.length / 2;
        results.add(Source.from(pieces(message, 0, half, PIECE))
            .concat(Source.completionStage(senders).mapConcat(go -> pieces(message, half, message.length, PIECE)))
            .runWith(ingest.sink(), testKit.system()));
      }
      counting.reachedTarget.get(30, TimeUnit.SECONDS);
      assertEquals(threads, counting.started.get(), "the other twelve extractions queue");
      senders.complete("go");

      for (int i = 0; i < 20; i++) {
        IngestedMessage ingested = await(results.get(i));
        assertEquals(sha256(messages.get(i)), ingested.blob().id());
        assertEquals(extract(messages.get(i)), ingested.metadata());
      }
      assertEquals(20, counting.started.get());
      assertEquals(threads, counting.maxRunning.get());
      assertEquals(20, stores.rows.size());
    } finally {
      testKit.shutdownTestKit();
    }
  }

  @Test
  void anUploadThatFindsNoFreeThreadWithinTheWaitFailsAndTheOthersCarryOn() throws Exception {
    Config oneThread = ConfigFactory.parseString("""
        mail-cluster.mime-dispatcher.thread-pool-executor.fixed-pool-size = 1
        mail-cluster.ingest.extraction-wait = 300ms
        """).withFallback(ConfigFactory.load());
    ActorTestKit testKit = ActorTestKit.create("ExtractionWaitTest", oneThread);
    try {
      CountingExecutor counting = new CountingExecutor(MetadataExtractor.dispatcher(testKit.system()), 1);
      FakeStores stores = new FakeStores();
      MessageIngest ingest = new MessageIngest(testKit.system(), stores::blobSink, stores::put, counting);

      byte[] slow = multipart("slow sender", LINES);
      CompletableFuture<Object> slowRest = new CompletableFuture<>();
      int half = slow.length / 2;
      CompletionStage<IngestedMessage> holding = Source.from(pieces(slow, 0, half, PIECE))
          .concat(Source.completionStage(slowRest).mapConcat(go -> pieces(slow, half, slow.length, PIECE)))
          .runWith(ingest.sink(), testKit.system());
      counting.reachedTarget.get(30, TimeUnit.SECONDS);

      CompletionStage<IngestedMessage> waiting = Source.from(pieces(multipart("queued", LINES), PIECE))
          .runWith(ingest.sink(), testKit.system());
      ExecutionException failure = assertThrows(ExecutionException.class, () -> await(waiting));
      assertInstanceOf(ExtractionWaitExceededException.class, failure.getCause());
      assertThrows(ExecutionException.class, () -> await(stores.uploads.get(1)), "its blob upload was aborted");

      slowRest.complete("go");
      assertEquals(extract(slow), await(holding).metadata());
      byte[] later = multipart("after the queue drained", 10);
      assertEquals(sha256(later), await(Source.single(ByteString.fromArray(later)).runWith(ingest.sink(), testKit.system())).blob().id());
      assertEquals(2, stores.rows.size());
      assertTrue(counting.maxRunning.get() <= 1);
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
