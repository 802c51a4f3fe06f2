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

  /**
   * Octets {@code [offset, offset + length)} of the blob, clipped to its end (a range past the
   * end is empty). Reads only the chunks that cover the range: every chunk but the last holds
   * chunk-size octets, so the first is {@code offset / chunk-size}. A blob written with another
   * chunk size (its chunk count does not fit the setting) is read from its first chunk instead,
   * still dropping what lies outside the range. Fails like {@link #source(String)}.
   */
  public Source<ByteString, NotUsed> source(String blobId, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range: " + offset + "+" + length);
    }
    return Source.completionStage(manifestOf(blobId))
        .map(manifest -> manifest.orElseThrow(() -> new BlobNotFoundException(blobId)))
        .flatMapConcat(manifest -> range(manifest, offset, length));
  }

  private Source<ByteString, NotUsed> range(Manifest manifest, long offset, long length) {
    long end = length > manifest.size() - offset ? manifest.size() : offset + length;
    if (offset >= end) {
      return Source.empty();
    }
    long chunk = settings.chunkSize();
    List<String> ids = manifest.chunkIds();
    boolean fixedSize = ids.size() == (manifest.size() + chunk - 1) / chunk;
    int first = fixedSize ? (int) (offset / chunk) : 0;
    int last = fixedSize ? (int) ((end - 1) / chunk) : ids.size() - 1;
    Slicer slicer = new Slicer(first * chunk, offset, end, fixedSize ? chunk : 0, manifest.size());
    return Source.from(ids.subList(first, last + 1))
        .mapAsync(settings.readParallelism(), this::readChunk)
        .statefulMap(() -> slicer, Slicer::next, s -> Optional.empty())
        .takeWhile(Optional::isPresent)
        .map(Optional::get)
        .filter(piece -> !piece.isEmpty());
  }

  /**
   * Cuts consecutive chunks, starting at blob position {@code position}, down to a range; empty
   * once past its end. With a {@code chunkSize} (not 0) every chunk must have the fixed size.
   */
  private record Slicer(long position, long from, long to, long chunkSize, long blobSize) {
    Pair<Slicer, Optional<ByteString>> next(ByteString bytes) {
      if (position >= to) {
        return Pair.create(this, Optional.empty());
      }
      long end = position + bytes.size();
      if (chunkSize > 0 && end != Math.min(position + chunkSize, blobSize)) {
        throw new CorruptBlobException("a chunk at " + position + " does not hold " + chunkSize + " octets");
      }
      int start = (int) Math.max(0, from - position);
      int stop = (int) (Math.min(to, end) - position);
      ByteString piece = start >= stop ? ByteString.emptyByteString() : bytes.slice(start, stop);
      return Pair.create(new Slicer(end, from, to, chunkSize, blobSize), Optional.of(piece));
    }
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
