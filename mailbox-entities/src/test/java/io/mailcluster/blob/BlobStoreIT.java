package io.mailcluster.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import io.mailcluster.cassandra.CassandraEndpoint;
import io.mailcluster.cassandra.CassandraExtension;
import io.mailcluster.testing.MigratedKeyspace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
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

/** The blob store against a real Cassandra: chunking, content addressing, streaming, integrity. */
@ExtendWith(CassandraExtension.class)
class BlobStoreIT {

  private static final String KEYSPACE = "mc_blob_it";
  private static final int CHUNK = 1024;
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static CqlSession session;
  private static BlobStore store;

  @BeforeAll
  static void createStore() throws Exception {
    CassandraEndpoint cassandra = CassandraExtension.endpoint();
    session = MigratedKeyspace.open(cassandra, KEYSPACE);
    store = await(BlobStore.create(session, KEYSPACE, new BlobSettings(CHUNK, 4, 2, "LOCAL_QUORUM")));
  }

  @AfterAll
  static void close() {
    session.close();
    testKit.shutdownTestKit();
  }

  @Test
  void bodiesOfEveryShapeReadBackByteForByte() throws Exception {
    for (int size : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 10 * CHUNK + 17}) {
      byte[] body = randomBytes(size, size);
      BlobRef stored = write(Source.single(ByteString.fromArray(body)));
      assertEquals(new BlobRef(sha256(body), size), stored, "size " + size);
      assertArrayEquals(body, read(stored.id()), "size " + size);
    }
  }

  @Test
  void theIdDoesNotDependOnHowTheBytesArrive() throws Exception {
    byte[] body = randomBytes(5 * CHUNK + 300, 7);
    BlobRef whole = write(Source.single(ByteString.fromArray(body)));
    List<ByteString> pieces = List.of(
        ByteString.fromArray(body, 0, 1),
        ByteString.fromArray(body, 1, 2000),
        ByteString.fromArray(body, 2001, body.length - 2001));
    assertEquals(whole, write(Source.from(pieces)));
  }

  @Test
  void theSameBodyIsStoredOnce() throws Exception {
    byte[] body = "Subject: same\r\n\r\nsame body\r\n".getBytes(StandardCharsets.US_ASCII);
    BlobRef first = write(Source.single(ByteString.fromArray(body)));
    BlobRef second = write(Source.single(ByteString.fromArray(body)));
    assertEquals(first, second);
    long manifests = session.execute(
        "SELECT count(*) FROM " + KEYSPACE + ".blob_manifests WHERE blob_id = ?", first.id()).one().getLong(0);
    assertEquals(1, manifests);
  }

  @Test
  void aLargeBodyStreamsThroughInBoundedPieces() throws Exception {
    // 8 MiB arriving as 8 KiB pieces: never materialized whole on the way in or out
    int pieces = 1024;
    ByteString piece = ByteString.fromArray(randomBytes(8192, 3));
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < pieces; i++) {
      expected.update(piece.toArray());
    }
    BlobRef stored = write(Source.repeat(piece).take(pieces));
    assertEquals(HexFormat.of().formatHex(expected.digest()), stored.id());
    assertEquals(8L * 1024 * 1024, stored.size());
    MessageDigest readBack = MessageDigest.getInstance("SHA-256");
    long size = await(store.source(stored.id()).runWith(
        Sink.fold(0L, (n, bytes) -> {
          readBack.update(bytes.toArray());
          return n + bytes.size();
        }), testKit.system()));
    assertEquals(stored.size(), size);
    assertEquals(stored.id(), HexFormat.of().formatHex(readBack.digest()));
  }

  @Test
  void aRangeReadsExactlyItsOctets() throws Exception {
    byte[] body = randomBytes(10 * CHUNK + 17, 5);
    BlobRef stored = write(Source.single(ByteString.fromArray(body)));
    long[][] ranges = {
        {0, 0}, {0, 1}, {0, CHUNK}, {0, CHUNK + 1}, {CHUNK - 1, 2}, {CHUNK, CHUNK}, {5, 3 * CHUNK},
        {3 * CHUNK + 7, 4 * CHUNK + 1}, {10 * CHUNK, 17}, {10 * CHUNK + 16, 1}, {0, body.length}};
    for (long[] r : ranges) {
      byte[] expected = java.util.Arrays.copyOfRange(body, (int) r[0], (int) (r[0] + r[1]));
      assertArrayEquals(expected, read(store.source(stored.id(), r[0], r[1])), r[0] + "+" + r[1]);
    }
  }

  @Test
  void aRangePastTheEndIsClipped() throws Exception {
    byte[] body = randomBytes(3 * CHUNK + 5, 9);
    BlobRef stored = write(Source.single(ByteString.fromArray(body)));
    assertArrayEquals(java.util.Arrays.copyOfRange(body, 2 * CHUNK, body.length),
        read(store.source(stored.id(), 2 * CHUNK, Long.MAX_VALUE)));
    assertArrayEquals(new byte[0], read(store.source(stored.id(), body.length, 10)));
    assertArrayEquals(new byte[0], read(store.source(stored.id(), body.length + 5000L, 10)));
  }

  @Test
  void aRangeReadsOnlyTheChunksThatCoverIt() throws Exception {
    byte[] body = randomBytes(4 * CHUNK, 13);
    BlobRef stored = write(Source.single(ByteString.fromArray(body)));
    // damage the first chunk: a range in the later chunks still reads, one touching it fails
    String firstChunk = sha256(java.util.Arrays.copyOf(body, CHUNK));
    session.execute("UPDATE " + KEYSPACE + ".blob_chunks SET data = ? WHERE chunk_id = ?",
        ByteBuffer.wrap(new byte[] {9}), firstChunk);
    assertArrayEquals(java.util.Arrays.copyOfRange(body, CHUNK, 3 * CHUNK),
        read(store.source(stored.id(), CHUNK, 2 * CHUNK)));
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> read(store.source(stored.id(), CHUNK - 1, 2)));
    assertInstanceOf(CorruptBlobException.class, failure.getCause());
  }

  @Test
  void aBlobChunkedWithAnotherSizeIsStillReadByRange() throws Exception {
    BlobStore otherChunks =
        await(BlobStore.create(session, KEYSPACE, new BlobSettings(CHUNK / 3, 4, 2, "LOCAL_QUORUM")));
    byte[] body = randomBytes(5 * CHUNK + 1, 17);
    BlobRef stored = await(Source.single(ByteString.fromArray(body)).runWith(otherChunks.sink(), testKit.system()));
    assertArrayEquals(java.util.Arrays.copyOfRange(body, 2 * CHUNK + 3, 4 * CHUNK),
        read(store.source(stored.id(), 2 * CHUNK + 3, 2 * CHUNK - 3)));
  }

  @Test
  void aRangeOfAnUnknownBlobIsNotFound() {
    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> read(store.source("1".repeat(64), 0, 10)));
    assertInstanceOf(BlobNotFoundException.class, failure.getCause());
  }

  @Test
  void anUnknownBlobIsNotFound() throws Exception {
    assertEquals(Optional.empty(), await(store.find("0".repeat(64))));
    ExecutionException failure = assertThrows(ExecutionException.class, () -> read("0".repeat(64)));
    assertInstanceOf(BlobNotFoundException.class, failure.getCause());
  }

  @Test
  void aDamagedChunkFailsTheReadInsteadOfServingWrongBytes() throws Exception {
    byte[] body = randomBytes(2 * CHUNK, 11);
    BlobRef stored = write(Source.single(ByteString.fromArray(body)));
    String firstChunk = sha256(java.util.Arrays.copyOf(body, CHUNK));
    session.execute("UPDATE " + KEYSPACE + ".blob_chunks SET data = ? WHERE chunk_id = ?",
        ByteBuffer.wrap(new byte[] {1, 2, 3}), firstChunk);
    ExecutionException failure = assertThrows(ExecutionException.class, () -> read(stored.id()));
    assertInstanceOf(CorruptBlobException.class, failure.getCause());
    assertTrue(failure.getCause().getMessage().contains(firstChunk));
  }

  private static BlobRef write(Source<ByteString, ?> body) throws Exception {
    return await(body.runWith(store.sink(), testKit.system()));
  }

  private static byte[] read(String blobId) throws Exception {
    return read(store.source(blobId));
  }

  private static byte[] read(Source<ByteString, ?> source) throws Exception {
    ByteString all = await(source.runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat),
        testKit.system()));
    return all.toArray();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
