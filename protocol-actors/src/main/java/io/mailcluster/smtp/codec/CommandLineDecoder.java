package io.mailcluster.smtp.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;

/**
 * Frames command lines. Incremental (any split of the input gives the same commands) and
 * bounded: it never buffers more than one maximum-length line plus the last fed chunk.
 *
 * <p>Only CRLF ends a line (RFC 5321 section 2.3.8). A bare CR or LF inside a line does not
 * end it; the line is answered with 500 5.5.2 once its CRLF arrives, so a client cannot
 * make us and an upstream server disagree about where a command ends. A line longer than
 * the limit is discarded up to its CRLF and answered with 500 5.5.6 (RFC 5321 4.5.3.1.4).
 *
 * <p>With PIPELINING a chunk may hold several commands: call {@link #next()} until it says
 * {@link DecodeResult.NeedMore}, and after a command that switches to content (DATA's 354,
 * BDAT) hand {@link #takeRemainder()} to the content decoder. Feed again only after
 * draining; that is what keeps the buffer bounded.
 */
public final class CommandLineDecoder {

  private final int maxLineLength;
  private ByteString pending = ByteString.emptyByteString();
  /** Bytes of {@code pending} already examined (none of them ends the line). */
  private int scanned;
  /** The current line is over the limit; its bytes are being dropped. */
  private boolean discarding;
  private boolean bareLineEnding;

  /** @param maxLineLength longest accepted line in octets including CRLF */
  public CommandLineDecoder(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  public static CommandLineDecoder fromSettings(SmtpSettings settings) {
    return new CommandLineDecoder(settings.maxCommandLineLength());
  }

  /** Copies the slice, so the caller may reuse its buffer (e.g. a socket read buffer). */
  public void feed(byte[] bytes, int offset, int length) {
    feed(ByteString.fromArray(bytes, offset, length));
  }

  public void feed(ByteString bytes) {
    // compact so a line trickled in byte by byte is not a rope of hundreds of pieces
    // (indexing a rope walks it); bounded by the line limit plus the fed chunk
    pending = pending.isEmpty() ? bytes : pending.concat(bytes).compact();
  }

  /** The next complete command, or NeedMore. */
  public DecodeResult next() {
    int n = pending.size();
    int i = scanned;
    while (i < n) {
      byte b = pending.apply(i);
      if (b == '\r') {
        if (i + 1 == n) {
          break; // CR at the end: whether it is bare depends on the next byte
        }
        if (pending.apply(i + 1) == '\n') {
          return endOfLine(i);
        }
        bareLineEnding = true;
      } else if (b == '\n') {
        bareLineEnding = true;
      }
      i++;
      if (i > maxLineLength - 2) {
        discarding = true; // more content than fits before the CRLF
      }
    }
    if (discarding) {
      // keep only what may still matter: a trailing CR that could start the CRLF
      pending = pending.drop(i);
      i = 0;
    }
    scanned = i;
    return DecodeResult.NEED_MORE;
  }

  /** Unconsumed bytes (e.g. pipelined content after BDAT); the decoder is left empty. */
  public ByteString takeRemainder() {
    ByteString rest = pending;
    pending = ByteString.emptyByteString();
    scanned = 0;
    discarding = false;
    bareLineEnding = false;
    return rest;
  }

  private DecodeResult endOfLine(int crIndex) {
    ByteString line = pending.slice(0, crIndex);
    pending = pending.drop(crIndex + 2);
    scanned = 0;
    SmtpCommand command;
    if (discarding) {
      command = new SmtpCommand.LineTooLong();
    } else if (bareLineEnding) {
      command = new SmtpCommand.BareLineEnding();
    } else {
      command = parse(line);
    }
    discarding = false;
    bareLineEnding = false;
    return new DecodeResult.Decoded(command);
  }

  private static SmtpCommand parse(ByteString line) {
    // strict UTF-8: SMTPUTF8 addresses are UTF-8, anything else non-ASCII is garbage
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line.toArrayUnsafe()))
          .toString();
      return CommandParser.parse(text);
    } catch (CharacterCodingException e) {
      return new SmtpCommand.SyntaxError("command line is not valid UTF-8");
    }
  }
}
