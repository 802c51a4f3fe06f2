package io.mailcluster.blob;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.mailcluster.storage.PreparedStatements;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Message bodies in Cassandra: streamed in as fixed-size, content-addressed chunks, then a
 * manifest under the SHA-256 of the whole body. Written before any event refers to it, so an
 * event never points at a body that is not there; the same body stored twice is one blob.
 * Memory per upload is bounded by chunk size x write parallelism.
 */
public final class BlobStore {

  private final CqlSession session;
  private final BlobSettings settings;
  private final ConsistencyLevel consistency;
  private final PreparedStatement insertChunk;
  private final PreparedStatement selectChunk;
  private final PreparedStatement insertManifest;
  private final PreparedStatement selectManifest;

  private BlobStore(CqlSession session, BlobSettings settings, List<PreparedStatement> statements) {
    this.session = session;
    this.settings = settings;
    this.consistency = DefaultConsistencyLevel.valueOf(settings.consistency());
    this.insertChunk = statements.get(0);
    this.selectChunk = statements.get(1);
    this.insertManifest = statements.get(2);
    this.selectManifest = statements.get(3);
  }

  /** Prepares the statements once; the store is then shared by every upload and download. */
  public static CompletionStage<BlobStore> create(CqlSession session, String keyspace, BlobSettings settings) {
    List<String> cql = List.of(
        "INSERT INTO " + keyspace + ".blob_chunks (chunk_id, data) VALUES (?, ?)",
        "SELECT data FROM " + keyspace + ".blob_chunks WHERE chunk_id = ?",
        "INSERT INTO " + keyspace + ".blob_manifests (blob_id, size, chunk_ids, created_at) VALUES (?, ?, ?, ?)",
        "SELECT size, chunk_ids FROM " + keyspace + ".blob_manifests WHERE blob_id = ?");
    return PreparedStatements.prepareAll(session, cql).thenApply(list -> new BlobStore(session, settings, list));
  }

  /** Stores everything the stream carries; completes with the blob once its manifest is durable. */
  public Sink<ByteString, CompletionStage<BlobRef>> sink() {
    return Flow.of(ByteString.class)
        .statefulMap(
            () -> new Chunker(settings.chunkSize()),
            (chunker, bytes) -> Pair.create(chunker, chunker.add(bytes)),
            chunker -> Optional.of(chunker.finish()))
        .mapConcat(pieces -> pieces)
        .mapAsync(settings.writeParallelism(), this::store)
        .toMat(Sink.fold(new Upload(List.of(), null), Upload::with), Keep.right())
        .mapMaterializedValue(done -> done.thenCompose(this::writeManifest));
  }

  /** The body's bytes in order; fails with BlobNotFoundException or CorruptBlobException. */
  public Source<ByteString, NotUsed> source(String blobId) {
    return Source.completionStage(manifestOf(blobId))
        .map(manifest -> manifest.orElseThrow(() -> new BlobNotFoundException(blobId)))
        .mapConcat(Manifest::chunkIds)
        .mapAsync(settings.readParallelism(), this::readChunk);
  }

  /** The stored blob with this id, if its upload finished. */
  public CompletionStage<Optional<BlobRef>> find(String blobId) {
    return manifestOf(blobId).thenApply(m -> m.map(manifest -> new BlobRef(blobId, manifest.size())));
  }

  private record Manifest(long size, List<String> chunkIds) {}

  /** What an upload has written so far: chunk ids in order, then its end. */
  private record Upload(List<String> chunkIds, Chunker.End end) {
    Upload with(Object written) {
      if (written instanceof Chunker.End last) {
        return new Upload(chunkIds, last);
      }
      List<String> more = new ArrayList<>(chunkIds);
      more.add((String) written);
      return new Upload(more, end);
    }
  }

  /** Writes a chunk (yielding its id) or passes the end through, keeping stream order. */
  private CompletionStage<Object> store(Chunker.Piece piece) {
    if (piece instanceof Chunker.Chunk chunk) {
      byte[] bytes = chunk.bytes().toArrayUnsafe();
      String chunkId = ContentHash.of(bytes);
      return session
          .executeAsync(insertChunk.bind(chunkId, ByteBuffer.wrap(bytes)).setConsistencyLevel(consistency))
          .thenApply(rs -> chunkId);
    }
    return CompletableFuture.completedFuture(piece);
  }

  private CompletionStage<BlobRef> writeManifest(Upload upload) {
    Chunker.End end = upload.end();
    return session
        .executeAsync(insertManifest
            .bind(end.blobId(), end.size(), upload.chunkIds(), Instant.now())
            .setConsistencyLevel(consistency))
        .thenApply(rs -> new BlobRef(end.blobId(), end.size()));
  }

  private CompletionStage<Optional<Manifest>> manifestOf(String blobId) {
    return session
        .executeAsync(selectManifest.bind(blobId).setConsistencyLevel(consistency))
        .thenApply(rs -> Optional.ofNullable(rs.one())
            .map(row -> new Manifest(row.getLong("size"), row.getList("chunk_ids", String.class))));
  }

  private CompletionStage<ByteString> readChunk(String chunkId) {
    return session
        .executeAsync(selectChunk.bind(chunkId).setConsistencyLevel(consistency))
        .thenApply(rs -> verified(chunkId, rs));
  }

  private static ByteString verified(String chunkId, AsyncResultSet rows) {
    Row row = rows.one();
    if (row == null) {
      throw new CorruptBlobException("chunk " + chunkId + " is missing");
    }
    ByteBuffer data = row.getByteBuffer("data");
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    if (!ContentHash.of(bytes).equals(chunkId)) {
      throw new CorruptBlobException("chunk " + chunkId + " does not match its hash");
    }
    return ByteString.fromArrayUnsafe(bytes);
  }
}
