package io.mailcluster.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The DATA content of a bench message: a header block and 78-octet text lines (CRLF included)
 * up to exactly {@code size} octets, no line starting with a dot, so the content needs no
 * dot-stuffing; the terminating {@code .CRLF} is not part of it.
 */
final class MessageText {

  private MessageText() {}

  static byte[] of(int size, String from, String to, String subject) {
    byte[] header = ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + subject + "@bench.client>\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    if (size < header.length + 2) {
      throw new IllegalArgumentException("size " + size + " is smaller than the header block");
    }
    byte[] text = Arrays.copyOf(header, size);
    for (int i = header.length; i < size; i++) {
      int column = (i - header.length) % 78;
      text[i] = (byte) (column == 76 ? '\r' : column == 77 ? '\n' : 'a' + (i / 78 + column) % 26);
    }
    // the content ends with CRLF; a CR just before it would be a bare CR
    if (text[size - 3] == '\r') {
      text[size - 3] = 'z';
    }
    text[size - 2] = '\r';
    text[size - 1] = '\n';
    return text;
  }
}
