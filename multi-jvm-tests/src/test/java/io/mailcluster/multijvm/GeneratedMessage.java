package io.mailcluster.multijvm;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A message of exactly {@code size} octets made up on the fly while it is read, so that a
 * test can send 50 MB without holding it: a header block, then 78-octet text lines (CRLF
 * included) that never start with a dot, so the DATA content needs no dot-stuffing and its
 * octets are the message's octets.
 */
final class GeneratedMessage extends InputStream {

  private static final int LINE = 78;

  private final byte[] header;
  private final long size;
  private long position;

  GeneratedMessage(long size, String subject) {
    this.header = ("From: big-sender@remote.test\r\nTo: receiver@big.test\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + subject + "@remote.test>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    if (size < header.length + 2) {
      throw new IllegalArgumentException("size " + size + " leaves no room for the header");
    }
    this.size = size;
  }

  /** Octet {@code i} of the message; the body ends with CRLF whatever the size. */
  private int octetAt(long i) {
    if (i < header.length) {
      return header[(int) i];
    }
    if (i == size - 2) {
      return '\r';
    }
    if (i == size - 1) {
      return '\n';
    }
    int column = (int) ((i - header.length) % LINE);
    if (column == LINE - 2 && i == size - 3) {
      return 'z'; // a CR just before the final CRLF would be a bare CR
    }
    if (column == LINE - 2) {
      return '\r';
    }
    if (column == LINE - 1) {
      return '\n';
    }
    return 'a' + (int) ((i / LINE + column) % 26);
  }

  @Override
  public int read() {
    return position < size ? octetAt(position++) : -1;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(length, size - position);
    for (int k = 0; k < n; k++) {
      buffer[offset + k] = (byte) octetAt(position++);
    }
    return n;
  }
}
