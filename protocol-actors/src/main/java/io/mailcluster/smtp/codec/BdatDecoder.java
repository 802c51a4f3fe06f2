package io.mailcluster.smtp.codec;

import java.util.Optional;
import org.apache.pekko.util.ByteString;

/**
 * Reads one BDAT chunk (RFC 3030): exactly {@code chunkSize} octets, taken as they are — no
 * dot handling, no line rules, so {@code CRLF.CRLF} inside a chunk ends nothing. Then the
 * connection is back in command mode and {@link #takeRemainder()} holds the next command.
 * The running message size across chunks is the session's to check (it knows the total).
 */
public final class BdatDecoder {

  private final long chunkSize;
  private long remaining;
  private ByteString pending = ByteString.emptyByteString();
  private boolean endReported;

  public BdatDecoder(long chunkSize) {
    if (chunkSize < 0) {
      throw new IllegalArgumentException("negative BDAT chunk size");
    }
    this.chunkSize = chunkSize;
    this.remaining = chunkSize;
  }

  /** Copies the slice, so the caller may reuse its buffer (e.g. a socket read buffer). */
  public void feed(byte[] bytes, int offset, int length) {
    feed(ByteString.fromArray(bytes, offset, length));
  }

  public void feed(ByteString bytes) {
    if (endReported) {
      throw new IllegalStateException("BDAT chunk already complete");
    }
    pending = pending.concat(bytes);
  }

  /** A slice of the chunk, the end of the chunk, or NeedMore. */
  public ContentResult next() {
    if (endReported) {
      throw new IllegalStateException("BDAT chunk already complete");
    }
    if (remaining == 0) {
      endReported = true;
      return new ContentResult.End(chunkSize, Optional.empty());
    }
    if (pending.isEmpty()) {
      return ContentResult.NEED_MORE;
    }
    int take = (int) Math.min(remaining, pending.size());
    ByteString content = pending.take(take);
    pending = pending.drop(take);
    remaining -= take;
    return new ContentResult.Content(content);
  }

  /** Bytes after the chunk (the next pipelined command); valid after End. */
  public ByteString takeRemainder() {
    ByteString rest = pending;
    pending = ByteString.emptyByteString();
    return rest;
  }
}
