package io.mailcluster.pop3.codec;

import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Turns stored message bytes into the body of a RETR or TOP response as they stream from the
 * blob store, chunk by chunk, so a message of any size is served in bounded memory.
 */
public final class MessageTransfer {

  private static final ByteString TERMINATOR = ByteString.fromString(".\r\n");
  private static final ByteString CRLF_TERMINATOR = ByteString.fromString("\r\n.\r\n");

  private MessageTransfer() {}

  /**
   * Byte-stuffs every line that starts with a dot (RFC 1939 section 3) and ends the response
   * with {@code .CRLF}, adding a CRLF first when the message does not end with one.
   */
  public static Flow<ByteString, ByteString, NotUsed> dotStuffed() {
    return Flow.of(ByteString.class).statefulMap(
        DotStuffer::new,
        (stuffer, chunk) -> Pair.create(stuffer, stuffer.stuff(chunk)),
        stuffer -> Optional.of(stuffer.endsWithLineEnd() ? TERMINATOR : CRLF_TERMINATOR));
  }

  /**
   * The header, the blank line and the first {@code bodyLines} lines of the body (TOP); reading
   * the message stops there. A message without a blank line is all header and sent whole.
   */
  public static Flow<ByteString, ByteString, NotUsed> top(int bodyLines) {
    return Flow.of(ByteString.class)
        .statefulMap(() -> new TopCutter(bodyLines),
            (cutter, chunk) -> Pair.create(cutter, cutter.take(chunk)),
            cutter -> Optional.empty())
        .takeWhile(chunk -> chunk != TopCutter.FINISHED, false);
  }

  /** Where a line starts, inserts the extra dot. */
  private static final class DotStuffer {
    private boolean atLineStart = true;
    private boolean any;

    ByteString stuff(ByteString chunk) {
      if (chunk.isEmpty()) {
        return chunk;
      }
      any = true;
      if (chunk.indexOf((byte) '.') < 0) {
        atLineStart = chunk.apply(chunk.size() - 1) == '\n';
        return chunk;
      }
      ByteStringBuilder out = new ByteStringBuilder();
      int from = 0;
      for (int i = 0; i < chunk.size(); i++) {
        byte b = chunk.apply(i);
        if (atLineStart && b == '.') {
          out.append(chunk.slice(from, i)).putByte((byte) '.');
          from = i;
        }
        atLineStart = b == '\n';
      }
      return out.append(chunk.slice(from, chunk.size())).result();
    }

    boolean endsWithLineEnd() {
      return !any || atLineStart;
    }
  }

  /** Counts lines: first to the blank line ending the header, then the body lines wanted. */
  private static final class TopCutter {
    /**
     * Marks the elements after the last one sent; never written to the wire. Its own instance,
     * compared by identity, so no chunk of a message can be mistaken for it.
     */
    static final ByteString FINISHED = ByteString.fromArray(new byte[] {0});

    private final int bodyLines;
    private boolean inBody;
    private int bodyLinesSeen;
    private int lineContent;
    private boolean done;

    TopCutter(int bodyLines) {
      this.bodyLines = bodyLines;
    }

    ByteString take(ByteString chunk) {
      if (done) {
        return FINISHED;
      }
      for (int i = 0; i < chunk.size(); i++) {
        byte b = chunk.apply(i);
        if (b != '\n') {
          if (b != '\r') {
            lineContent++;
          }
          continue;
        }
        if (inBody) {
          bodyLinesSeen++;
        } else if (lineContent == 0) {
          inBody = true;
        }
        lineContent = 0;
        if (inBody && bodyLinesSeen == bodyLines) {
          done = true;
          return chunk.slice(0, i + 1);
        }
      }
      return chunk;
    }
  }
}
