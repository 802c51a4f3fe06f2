package io.mailcluster.blob;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a byte stream into chunks of a fixed size (the last one shorter) and hashes the whole
 * stream on the way, in order. One instance per upload; not thread-safe (a stream stage owns it).
 */
final class Chunker {

  /** What the chunker emits: full chunks, then once the end with the blob's address and size. */
  sealed interface Piece {}

  record Chunk(ByteString bytes) implements Piece {}

  record End(String blobId, long size) implements Piece {}

  private final int chunkSize;
  private final MessageDigest whole = ContentHash.newDigest();
  private ByteString pending = ByteString.emptyByteString();
  private long size;

  Chunker(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
    }
    this.chunkSize = chunkSize;
  }

  List<Piece> add(ByteString bytes) {
    whole.update(bytes.toArrayUnsafe());
    size += bytes.size();
    pending = pending.concat(bytes);
    List<Piece> full = new ArrayList<>();
    while (pending.size() >= chunkSize) {
      // compact: a slice would keep the whole received buffer alive
      full.add(new Chunk(pending.take(chunkSize).compact()));
      pending = pending.drop(chunkSize);
    }
    return full;
  }

  List<Piece> finish() {
    List<Piece> last = new ArrayList<>();
    if (!pending.isEmpty()) {
      last.add(new Chunk(pending.compact()));
      pending = ByteString.emptyByteString();
    }
    last.add(new End(ContentHash.hex(whole.digest()), size));
    return last;
  }
}
