package io.mailcluster.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stream the parser reads: counts octets and keeps the most recent ones in a ring, so the
 * extractor can look at the exact bytes (line ends, delimiter lines) around the parser's
 * position without keeping the message. Remembers whether the source itself failed, which is
 * not a MIME problem and must not be swallowed.
 */
final class OctetTap extends InputStream {

  private final InputStream source;
  private final byte[] ring;
  private long count;
  private boolean eof;
  private IOException sourceFailure;

  OctetTap(InputStream source, int window) {
    this.source = source;
    this.ring = new byte[window];
  }

  /** Octets read from the source so far. */
  long count() {
    return count;
  }

  boolean atEof() {
    return eof;
  }

  IOException sourceFailure() {
    return sourceFailure;
  }

  /** The octet at an absolute position, or -1 when it was not read yet or left the window. */
  int byteAt(long position) {
    if (position < 0 || position >= count || position < count - ring.length) {
      return -1;
    }
    return ring[(int) (position % ring.length)] & 0xff;
  }

  /** Reads and forgets the rest of the source (so the total size is known). */
  void drain() throws IOException {
    byte[] buffer = new byte[8192];
    while (read(buffer, 0, buffer.length) >= 0) {
      // counted by read
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (eof) {
      return -1;
    }
    int n;
    try {
      n = source.read(b, off, len);
    } catch (IOException failure) {
      sourceFailure = failure;
      throw failure;
    }
    if (n < 0) {
      eof = true;
      return -1;
    }
    for (int i = 0; i < n; i++) {
      ring[(int) ((count + i) % ring.length)] = b[off + i];
    }
    count += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
