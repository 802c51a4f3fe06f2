package io.mailcluster.storage;

import static io.mailcluster.storage.TestMessages.multipart;
import static io.mailcluster.storage.TestMessages.pieces;
import static io.mailcluster.storage.TestMessages.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.mailcluster.blob.BlobRef;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MimeSettings;
import io.mailcluster.testing.LogCapturing;
import java.io.ByteArrayInputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ingest sink with in-memory stores: what completes it, what fails it, and what is written. */
@ExtendWith(LogCapturing.class)
class MessageIngestTest {

  private static final ActorTestKit testKit = ActorTestKit.create("MessageIngestTest", ConfigFactory.load());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final FakeStores stores = new FakeStores();
  private final MessageIngest ingest = new MessageIngest(
      testKit.system(), stores::blobSink, stores::put, MetadataExtractor.dispatcher(testKit.system()));

  @Test
  void storesTheBlobAndTheMetadataTheExtractorComputes() throws Exception {
    byte[] message = multipart("stored once", 40);
    for (int piece : new int[] {1, 7, 4096, message.length}) {
      IngestedMessage ingested = await(Source.from(pieces(message, piece)).runWith(ingest.sink(), testKit.system()));
      assertEquals(new BlobRef(sha256(message), message.length), ingested.blob(), "pieces of " + piece);
      assertEquals(extract(message), ingested.metadata(), "pieces of " + piece);
      assertEquals(ingested.metadata(), stores.rows.get(ingested.blob().id()));
    }
  }

  @Test
  void anAbortedUploadFailsBothSidesAndWritesNoMetadata() throws Exception {
    byte[] message = multipart("aborted", 40);
    CompletionStage<IngestedMessage> result = Source.from(pieces(message, 0, 1000, 100))
        .concat(Source.failed(new IllegalStateException("client went away")))
        .runWith(ingest.sink(), testKit.system());
    assertThrows(ExecutionException.class, () -> await(result));
    assertThrows(ExecutionException.class, () -> await(stores.uploads.get(0)));
    assertTrue(stores.rows.isEmpty());
  }

  @Test
  void aBlobFailureStopsTheUploadAndTheExtraction() {
    MessageIngest failingBlobs = new MessageIngest(testKit.system(),
        () -> Flow.of(ByteString.class)
            .<ByteString>map(bytes -> {
              throw new IllegalStateException("cassandra down");
            })
            .toMat(Sink.ignore(), Keep.right())
            .mapMaterializedValue(done -> done.thenApply(d -> new BlobRef("never", 0))),
        stores::put, MetadataExtractor.dispatcher(testKit.system()));
    // an endless upload: only the abort can end it
    CompletionStage<IngestedMessage> result = Source.repeat(ByteString.fromString("Subject: x\r\n"))
        .runWith(failingBlobs.sink(), testKit.system());
    ExecutionException failure = assertThrows(ExecutionException.class, () -> await(result));
    assertEquals("cassandra down", failure.getCause().getMessage());
    assertTrue(stores.rows.isEmpty());
  }

  @Test
  void anExtractionFailureAbortsTheBlobUploadInsteadOfEndingItEarly() throws Exception {
    ActorTestKit impatient = ActorTestKit.create("ImpatientExtractor",
        ConfigFactory.parseString("mail-cluster.mime.read-timeout = 300ms").withFallback(ConfigFactory.load()));
    try {
      MessageIngest ingest = new MessageIngest(impatient.system(), stores::blobSink, stores::put,
          MetadataExtractor.dispatcher(impatient.system()));
      // the sender stalls: the extractor gives up; the blob side must fail, not store a half message
      CompletionStage<IngestedMessage> result = Source.single(ByteString.fromString("Subject: stalled\r\n"))
          .concat(Source.maybe())
          .runWith(ingest.sink(), impatient.system());
      assertThrows(ExecutionException.class, () -> await(result));
      assertThrows(ExecutionException.class, () -> await(stores.uploads.get(0)));
      assertTrue(stores.rows.isEmpty());
    } finally {
      impatient.shutdownTestKit();
    }
  }

  @Test
  void sizesThatDisagreeAreABrokenInvariantNotAStoredMessage() {
    MessageIngest wrongSize = new MessageIngest(testKit.system(),
        () -> stores.blobSink().mapMaterializedValue(blob -> blob.thenApply(b -> new BlobRef(b.id(), b.size() + 1))),
        stores::put, MetadataExtractor.dispatcher(testKit.system()));
    CompletionStage<IngestedMessage> result = Source.single(ByteString.fromArray(multipart("sizes", 3)))
        .runWith(wrongSize.sink(), testKit.system());
    ExecutionException failure = assertThrows(ExecutionException.class, () -> await(result));
    assertInstanceOf(IllegalStateException.class, failure.getCause());
    assertTrue(stores.rows.isEmpty());
  }

  @Test
  void aFailedMetadataWriteFailsTheIngest() {
    MessageIngest failingRows = new MessageIngest(testKit.system(), stores::blobSink,
        (blobId, metadata) -> CompletableFuture.<Done>failedStage(new IllegalStateException("write timed out")),
        MetadataExtractor.dispatcher(testKit.system()));
    CompletionStage<IngestedMessage> result = Source.single(ByteString.fromArray(multipart("row", 3)))
        .runWith(failingRows.sink(), testKit.system());
    ExecutionException failure = assertThrows(ExecutionException.class, () -> await(result));
    assertEquals("write timed out", failure.getCause().getMessage());
  }

  @Test
  void theSinkCanBeMaterializedManyTimes() throws Exception {
    var sink = ingest.sink();
    byte[] one = multipart("one", 2);
    byte[] two = multipart("two", 2);
    assertEquals(sha256(one), await(Source.single(ByteString.fromArray(one)).runWith(sink, testKit.system())).blob().id());
    assertEquals(sha256(two), await(Source.single(ByteString.fromArray(two)).runWith(sink, testKit.system())).blob().id());
  }

  static MessageMetadata extract(byte[] message) throws Exception {
    return new MetadataExtractor(MimeSettings.fromConfig(ConfigFactory.load()))
        .extract(new ByteArrayInputStream(message));
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
