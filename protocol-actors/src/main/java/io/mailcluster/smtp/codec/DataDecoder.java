package io.mailcluster.smtp.codec;

import java.util.Optional;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Reads DATA content (RFC 5321 section 4.1.1.4) after the 354 reply: streams the message out
 * chunk by chunk (memory is bounded by the fed chunk, never the message), removes the
 * transparency dot (section 4.5.2) and stops exactly at {@code <CRLF>.<CRLF>}.
 *
 * <p>SMTP smuggling: a line start exists only after a real CRLF (or at the start of the
 * content, right after the DATA line's CRLF). So {@code \n.\n}, {@code \r.\r},
 * {@code \n.\r\n}, {@code \r\n.\n} and the like never end the data, under either
 * {@link BareLineEndingPolicy}. Under REJECT any bare CR or LF makes the message refused
 * after its true end (554 5.6.0, see {@link SmtpReplies#BARE_LINE_ENDING_IN_DATA}); under
 * NORMALIZE each bare CR or LF is stored as CRLF — but the line after it is still not a
 * line start, so neither a lone dot there ends the data nor is a leading dot removed.
 *
 * <p>Limits: more than max-message-size octets, or a text line over max-text-line-length,
 * makes the message refused after its end (552 5.3.4 / 500 5.5.6). We reject long lines
 * rather than fold them because folding would silently change signed (DKIM) content.
 */
public final class DataDecoder {

  private enum State {
    /** After CRLF (or at the start): a dot here is special. */
    LINE_START,
    /** LINE_START then ".": either stuffing or the start of the end marker. */
    DOT,
    /** CRLF "." CR: one LF away from the end. */
    DOT_CR,
    /** Inside a line. */
    MID,
    /** Inside a line, after a CR: CRLF if an LF follows, else a bare CR. */
    CR
  }

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final long maxMessageSize;
  private final int maxTextLineLength;
  private final BareLineEndingPolicy policy;

  private ByteString pending = ByteString.emptyByteString();
  private State state = State.LINE_START;
  private long size;
  private int lineLength;
  private DataRejection rejection;
  private boolean endFound;
  private boolean endReported;
  private ByteStringBuilder out;

  public DataDecoder(long maxMessageSize, int maxTextLineLength, BareLineEndingPolicy policy) {
    this.maxMessageSize = maxMessageSize;
    this.maxTextLineLength = maxTextLineLength;
    this.policy = policy;
  }

  public static DataDecoder fromSettings(SmtpSettings settings) {
    return new DataDecoder(
        settings.maxMessageSize(), settings.maxTextLineLength(), settings.bareLineEnding());
  }

  /** Copies the slice, so the caller may reuse its buffer (e.g. a socket read buffer). */
  public void feed(byte[] bytes, int offset, int length) {
    feed(ByteString.fromArray(bytes, offset, length));
  }

  public void feed(ByteString bytes) {
    if (endReported) {
      throw new IllegalStateException("DATA content already ended");
    }
    pending = pending.concat(bytes);
  }

  /** The next chunk of message content, the end, or NeedMore. */
  public ContentResult next() {
    if (endReported) {
      throw new IllegalStateException("DATA content already ended");
    }
    if (!endFound) {
      out = new ByteStringBuilder();
      int consumed = scan();
      pending = pending.drop(consumed);
      ByteString chunk = out.result();
      out = null;
      if (!chunk.isEmpty()) {
        return new ContentResult.Content(chunk);
      }
    }
    if (endFound) {
      endReported = true;
      return new ContentResult.End(size, Optional.ofNullable(rejection));
    }
    return ContentResult.NEED_MORE;
  }

  /** Bytes after {@code <CRLF>.<CRLF>} (a pipelined next command); valid after End. */
  public ByteString takeRemainder() {
    ByteString rest = pending;
    pending = ByteString.emptyByteString();
    return rest;
  }

  /** Runs the state machine over pending; returns how many bytes it consumed. */
  private int scan() {
    int n = pending.size();
    int i = 0;
    while (i < n) {
      if (state == State.MID) {
        // fast path: the bytes up to the next CR or LF are plain text, passed on as one slice
        int j = i;
        while (j < n) {
          byte b = pending.apply(j);
          if (b == CR || b == LF) {
            break;
          }
          j++;
        }
        if (j > i) {
          textRun(i, j);
          i = j;
          continue;
        }
      }
      if (step(pending.apply(i))) {
        endFound = true;
        return i + 1;
      }
      i++;
    }
    return n;
  }

  /**
   * Plain text bytes {@code [from, to)} of pending inside a line: the same effect as
   * {@link #text} on each byte, i.e. the bytes before a limit is crossed are still emitted.
   */
  private void textRun(int from, int to) {
    long len = to - from;
    // 1-based position in this run of the first byte over each limit, as text() would see it
    long overLine = (long) maxTextLineLength - 2 - lineLength + 1;
    long overSize = maxMessageSize - size + 1;
    long allowed = Math.max(0, Math.min(len, Math.min(overLine, overSize) - 1));
    if (rejection == null && allowed > 0) {
      out.append(pending.slice(from, from + (int) allowed));
    }
    if (overLine <= len || overSize <= len) {
      // text() checks the line limit before the size limit, so a tie goes to the line
      reject(overLine <= overSize ? DataRejection.TEXT_LINE_TOO_LONG : DataRejection.TOO_BIG);
    }
    lineLength = (int) Math.min(Integer.MAX_VALUE, lineLength + len);
    size += len;
  }

  /** One input byte; true when it completes the end marker. */
  private boolean step(byte b) {
    switch (state) {
      case LINE_START -> {
        if (b == '.') {
          state = State.DOT;
        } else {
          state = State.MID;
          inLine(b);
        }
      }
      case DOT -> {
        if (b == CR) {
          state = State.DOT_CR;
        } else if (b == LF) {
          // "." then a bare LF: not the end, the dot is content
          dotBeforeBareLineEnding();
          state = State.MID;
        } else {
          text(b); // dot-unstuffing: the leading dot is dropped (RFC 5321 4.5.2)
          state = State.MID;
        }
      }
      case DOT_CR -> {
        if (b == LF) {
          return true;
        }
        dotBeforeBareLineEnding(); // the CR after the dot was bare
        state = State.MID;
        inLine(b);
      }
      case MID -> inLine(b);
      case CR -> {
        if (b == LF) {
          emit(CR);
          emit(LF);
          lineLength = 0;
          state = State.LINE_START;
        } else {
          bareLineEnding();
          state = State.MID;
          inLine(b);
        }
      }
    }
    return false;
  }

  /** A byte inside a line (state MID or just became MID). */
  private void inLine(byte b) {
    if (b == CR) {
      state = State.CR;
    } else if (b == LF) {
      bareLineEnding();
      state = State.MID;
    } else {
      state = State.MID;
      text(b);
    }
  }

  /** A lone dot line ended by a bare CR/LF: under REJECT, nothing more is handed out. */
  private void dotBeforeBareLineEnding() {
    if (policy == BareLineEndingPolicy.REJECT) {
      reject(DataRejection.BARE_LINE_ENDING);
    }
    text((byte) '.');
    bareLineEnding();
  }

  private void bareLineEnding() {
    if (policy == BareLineEndingPolicy.REJECT) {
      reject(DataRejection.BARE_LINE_ENDING);
    } else {
      emit(CR);
      emit(LF);
    }
    lineLength = 0;
  }

  /** A content byte that is not a line ending: counts toward the text-line limit. */
  private void text(byte b) {
    lineLength++;
    if (lineLength > maxTextLineLength - 2) {
      reject(DataRejection.TEXT_LINE_TOO_LONG);
    }
    emit(b);
  }

  private void emit(byte b) {
    size++;
    if (size > maxMessageSize) {
      reject(DataRejection.TOO_BIG);
    }
    if (rejection == null) {
      out.putByte(b);
    }
  }

  /** The first reason wins; after it no more content is handed out. */
  private void reject(DataRejection why) {
    if (rejection == null) {
      rejection = why;
    }
  }
}
