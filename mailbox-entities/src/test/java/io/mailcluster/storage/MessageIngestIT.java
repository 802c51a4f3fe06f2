package io.mailcluster.storage;

import static io.mailcluster.storage.TestMessages.multipart;
import static io.mailcluster.storage.TestMessages.pieces;
import static io.mailcluster.storage.TestMessages.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.datastax.oss.driver.api.core.CqlSession;
import com.typesafe.config.ConfigFactory;
import io.mailcluster.blob.BlobRef;
import io.mailcluster.blob.BlobSettings;
import io.mailcluster.blob.BlobStore;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.mime.MessageMetadata;
import io.mailcluster.mime.MetadataExtractor;
import io.mailcluster.mime.MetadataStore;
import io.mailcluster.mime.MimeSettings;
import io.mailcluster.testing.MigratedKeyspace;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ingest against a real Cassandra: blob and metadata durable together, idempotent, nothing on abort. */
@ExtendWith(CassandraExtension.class)
class MessageIngestIT {

  private static final String KEYSPACE = "mc_ingest_it";
  /** Fewer extraction threads than the concurrency test's uploads, whatever the default is. */
  private static final ActorTestKit testKit = ActorTestKit.create("MessageIngestIT",
      ConfigFactory.parseString(MetadataExtractor.DISPATCHER + ".thread-pool-executor.fixed-pool-size = 8")
          .withFallback(ConfigFactory.load()));
  private static CqlSession session;
  private static MessageIngest ingest;
  private static BlobStore blobs;
  private static MetadataStore metadata;

  @BeforeAll
  static void createIngest() throws Exception {
    CassandraEndpoint cassandra = CassandraExtension.endpoint();
    session = MigratedKeyspace.open(cassandra, KEYSPACE);
    ingest = await(MessageIngest.create(testKit.system(), session, KEYSPACE));
    blobs = await(BlobStore.create(session, KEYSPACE, BlobSettings.fromConfig(ConfigFactory.load())));
    metadata = await(MetadataStore.create(testKit.system(), session, KEYSPACE, "LOCAL_QUORUM"));
  }

  @AfterAll
  static void close() {
    session.close();
    testKit.shutdownTestKit();
  }

  @Test
  void aMultipartMessageIsStoredWithTheMetadataTheExtractorComputes() throws Exception {
    // about 600 KiB: several 256 KiB chunks
    byte[] message = multipart("stored with its metadata", 8000);
    IngestedMessage ingested = await(Source.from(pieces(message, 8192)).runWith(ingest.sink(), testKit.system()));

    MessageMetadata expected = extract(message);
    assertEquals(new IngestedMessage(new BlobRef(sha256(message), message.length), expected), ingested);
    assertEquals(Optional.of(expected), await(metadata.get(ingested.blob().id())));
    assertEquals("multipart", expected.body().type());
    assertEquals(2, expected.body().parts().size());
    ByteString stored = await(blobs.source(ingested.blob().id())
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), testKit.system()));
    assertArrayEquals(message, stored.toArray());
  }

  @Test
  void ingestingTheSameBytesAgainChangesNothing() throws Exception {
    byte[] message = multipart("delivered twice", 20);
    IngestedMessage first = await(Source.from(pieces(message, 100)).runWith(ingest.sink(), testKit.system()));
    IngestedMessage second = await(Source.single(ByteString.fromArray(message)).runWith(ingest.sink(), testKit.system()));
    assertEquals(first, second);
    assertEquals(1L, count("message_metadata", first.blob().id()));
    assertEquals(1L, count("blob_manifests", first.blob().id()));
    assertEquals(Optional.of(first.metadata()), await(metadata.get(first.blob().id())));
  }

  @Test
  void anAbortedUploadLeavesNoMetadataRowAndNoBlob() throws Exception {
    byte[] message = multipart("aborted by the client", 8000);
    int sent = 300_000;
    CompletionStage<IngestedMessage> result = Source.from(pieces(message, 0, sent, 8192))
        .concat(Source.failed(new IllegalStateException("client went away")))
        .runWith(ingest.sink(), testKit.system());
    assertThrows(ExecutionException.class, () -> await(result));
    for (String blobId : new String[] {sha256(message), sha256(Arrays.copyOf(message, sent))}) {
      assertEquals(0L, count("message_metadata", blobId));
      assertEquals(0L, count("blob_manifests", blobId));
      assertEquals(Optional.empty(), await(metadata.get(blobId)));
    }
  }

  @Test
  void twentyConcurrentUploadsOnEightThreadsAllReachCassandra() throws Exception {
    CountingExecutor counting = new CountingExecutor(MetadataExtractor.dispatcher(testKit.system()), 8);
    MessageIngest counted = new MessageIngest(testKit.system(), blobs::sink, metadata::put, counting);
    CompletableFuture<Object> senders = new CompletableFuture<>();
    List<byte[]> messages = new ArrayList<>();
    List<CompletionStage<IngestedMessage>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] message = multipart("concurrent upload " + i, 2000);
      messages.add(message);
      // half of each message arrives, the rest only once all eight threads are held
      int half = message.length / 2;
      results.add(Source.from(pieces(message, 0, half, 4096))
          .concat(Source.completionStage(senders).mapConcat(go -> pieces(message, half, message.length, 4096)))
          .runWith(counted.sink(), testKit.system()));
    }
    counting.reachedTarget.get(60, TimeUnit.SECONDS);
    assertEquals(8, counting.started.get());
    senders.complete("go");
    for (int i = 0; i < 20; i++) {
      IngestedMessage ingested = await(results.get(i));
      assertEquals(sha256(messages.get(i)), ingested.blob().id());
      assertEquals(Optional.of(ingested.metadata()), await(metadata.get(ingested.blob().id())));
    }
    assertEquals(8, counting.maxRunning.get());
  }

  private static long count(String table, String blobId) {
    return session.execute("SELECT count(*) FROM " + KEYSPACE + "." + table + " WHERE blob_id = ?", blobId)
        .one().getLong(0);
  }

  private static MessageMetadata extract(byte[] message) throws Exception {
    return new MetadataExtractor(MimeSettings.fromConfig(ConfigFactory.load()))
        .extract(new ByteArrayInputStream(message));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
