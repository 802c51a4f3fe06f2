package io.mailcluster.pop3.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Frames POP3 client lines. Incremental (any split of the input gives the same lines) and
 * bounded: it holds at most one maximum-length line plus the last fed chunk.
 *
 * <p>A line ends at LF; a CR right before it is dropped. RFC 1939 asks for CRLF, but unlike
 * SMTP nothing downstream re-parses what a POP3 client sends, so accepting a bare LF is
 * harmless and spares old clients. A line longer than the limit is dropped up to its end and
 * reported as {@link Line.TooLong}; a line that is not UTF-8 as {@link Line.NotUtf8}.
 *
 * <p>Call {@link #next()} until it returns null before feeding again (pipelined commands).
 */
public final class LineDecoder {

  /** One framed line. */
  public sealed interface Line {
    record Text(String text) implements Line {
      @Override
      public String toString() {
        return "Text[<" + text.length() + " chars>]"; // may be a password
      }
    }

    record TooLong() implements Line {}

    record NotUtf8() implements Line {}
  }

  private final int maxLineLength;
  private ByteString pending = ByteString.emptyByteString();
  private int scanned;
  private boolean discarding;

  /** @param maxLineLength longest accepted line in octets, including CRLF */
  public LineDecoder(int maxLineLength) {
    if (maxLineLength < 3) {
      throw new IllegalArgumentException("line limit too small: " + maxLineLength);
    }
    this.maxLineLength = maxLineLength;
  }

  public void feed(ByteString bytes) {
    pending = pending.isEmpty() ? bytes : pending.concat(bytes).compact();
  }

  /** The next complete line, or null when more bytes are needed. */
  public Line next() {
    int n = pending.size();
    for (int i = scanned; i < n; i++) {
      if (pending.apply(i) == '\n') {
        return endOfLine(i);
      }
      if (i + 1 > maxLineLength - 1) {
        discarding = true; // this line cannot end within the limit any more
      }
    }
    if (discarding) {
      pending = ByteString.emptyByteString();
      scanned = 0;
    } else {
      scanned = n;
    }
    return null;
  }

  private Line endOfLine(int lfIndex) {
    int end = lfIndex > 0 && pending.apply(lfIndex - 1) == '\r' ? lfIndex - 1 : lfIndex;
    ByteString line = pending.slice(0, end);
    pending = pending.drop(lfIndex + 1);
    scanned = 0;
    if (discarding || lfIndex + 1 > maxLineLength) {
      discarding = false;
      return new Line.TooLong();
    }
    try {
      return new Line.Text(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line.toArrayUnsafe()))
          .toString());
    } catch (CharacterCodingException e) {
      return new Line.NotUtf8();
    }
  }
}
