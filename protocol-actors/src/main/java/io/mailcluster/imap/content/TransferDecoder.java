package io.mailcluster.imap.content;

import java.util.Locale;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Undoes a content-transfer-encoding (RFC 2045 section 6) incrementally: bytes go in as they
 * arrive, decoded bytes come out, and only a few octets are carried between pieces. One
 * instance per stream; not thread-safe (a stream stage owns it).
 *
 * <p>7bit, 8bit and binary pass through. base64 skips characters outside its alphabet and
 * stops at padding. quoted-printable removes soft line breaks and trailing whitespace of
 * lines, and keeps a malformed "=" sequence as it is (as lenient readers do).
 */
abstract class TransferDecoder {

  /** The decoder for a CTE as stored in the body structure, or null when it is unknown. */
  static TransferDecoder forEncoding(String encoding) {
    String cte = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
    if (cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary")) {
      return new Identity();
    }
    if (cte.equals("base64")) {
      return new Base64();
    }
    if (cte.equals("quoted-printable")) {
      return new QuotedPrintable();
    }
    return null;
  }

  /** True for the CTEs that change nothing. */
  static boolean isIdentity(String encoding) {
    return forEncoding(encoding) instanceof Identity;
  }

  /** Decodes the next piece; may hold back a few octets until the next piece or the end. */
  abstract ByteString decode(ByteString piece);

  /** What is still held back once the input has ended. */
  abstract ByteString finish();

  /** The whole input decoded at once. */
  final ByteString decodeAll(ByteString all) {
    return decode(all).concat(finish());
  }

  private static final class Identity extends TransferDecoder {
    @Override
    ByteString decode(ByteString piece) {
      return piece;
    }

    @Override
    ByteString finish() {
      return ByteString.emptyByteString();
    }
  }

  private static final class Base64 extends TransferDecoder {
    private int bits;
    private int count;
    private boolean ended;

    @Override
    ByteString decode(ByteString piece) {
      ByteStringBuilder out = new ByteStringBuilder();
      for (int i = 0; i < piece.size() && !ended; i++) {
        int c = piece.apply(i) & 0xff;
        if (c == '=') {
          ended = true;
          break;
        }
        int v = value(c);
        if (v < 0) {
          continue;
        }
        bits = (bits << 6) | v;
        if (++count == 4) {
          out.putByte((byte) (bits >> 16)).putByte((byte) (bits >> 8)).putByte((byte) bits);
          bits = 0;
          count = 0;
        }
      }
      return out.result();
    }

    @Override
    ByteString finish() {
      ByteStringBuilder out = new ByteStringBuilder();
      if (count == 2) {
        out.putByte((byte) (bits >> 4));
      } else if (count == 3) {
        out.putByte((byte) (bits >> 10)).putByte((byte) (bits >> 2));
      }
      count = 0;
      return out.result();
    }

    private static int value(int c) {
      if (c >= 'A' && c <= 'Z') {
        return c - 'A';
      }
      if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
      }
      if (c >= '0' && c <= '9') {
        return c - '0' + 52;
      }
      if (c == '+') {
        return 62;
      }
      return c == '/' ? 63 : -1;
    }
  }

  private static final class QuotedPrintable extends TransferDecoder {
    /** RFC 5322's line limit: a longer run of blanks cannot be a line's trailing space. */
    private static final int MAX_BLANKS = 998;

    private enum State { TEXT, EQUALS, HEX, SOFT_BREAK_CR, EQUALS_BLANKS }

    private State state = State.TEXT;
    private int firstHex;
    private final ByteStringBuilder blanks = new ByteStringBuilder();

    @Override
    ByteString decode(ByteString piece) {
      ByteStringBuilder out = new ByteStringBuilder();
      for (int i = 0; i < piece.size(); i++) {
        step(piece.apply(i) & 0xff, out);
      }
      return out.result();
    }

    private void step(int c, ByteStringBuilder out) {
      if (state == State.EQUALS) {
        if (hex(c) >= 0) {
          firstHex = c;
          state = State.HEX;
        } else if (c == '\r') {
          state = State.SOFT_BREAK_CR;
        } else if (c == '\n') {
          state = State.TEXT;
        } else if (c == ' ' || c == '\t') {
          blanks.putByte((byte) c);
          state = State.EQUALS_BLANKS;
        } else {
          out.putByte((byte) '=');
          state = State.TEXT;
          step(c, out);
        }
      } else if (state == State.HEX) {
        state = State.TEXT;
        if (hex(c) >= 0) {
          out.putByte((byte) (hex(firstHex) * 16 + hex(c)));
        } else {
          out.putByte((byte) '=').putByte((byte) firstHex);
          step(c, out);
        }
      } else if (state == State.SOFT_BREAK_CR) {
        state = State.TEXT;
        if (c != '\n') {
          step(c, out);
        }
      } else if (state == State.EQUALS_BLANKS) {
        if ((c == ' ' || c == '\t') && blanks.length() < MAX_BLANKS) {
          blanks.putByte((byte) c);
        } else if (c == '\r' || c == '\n') {
          // "=" then transport padding then the line end: still a soft line break
          blanks.clear();
          state = c == '\r' ? State.SOFT_BREAK_CR : State.TEXT;
        } else {
          out.putByte((byte) '=').append(blanks.result());
          blanks.clear();
          state = State.TEXT;
          step(c, out);
        }
      } else {
        text(c, out);
      }
    }

    private void text(int c, ByteStringBuilder out) {
      if (c == '=') {
        flushBlanks(out);
        state = State.EQUALS;
      } else if (c == ' ' || c == '\t') {
        blanks.putByte((byte) c);
        if (blanks.length() > MAX_BLANKS) {
          flushBlanks(out);
        }
      } else if (c == '\r' || c == '\n') {
        blanks.clear(); // trailing whitespace was added in transport (RFC 2045 6.7 rule 3)
        out.putByte((byte) c);
      } else {
        flushBlanks(out);
        out.putByte((byte) c);
      }
    }

    private void flushBlanks(ByteStringBuilder out) {
      if (blanks.length() > 0) {
        out.append(blanks.result());
        blanks.clear();
      }
    }

    @Override
    ByteString finish() {
      ByteStringBuilder out = new ByteStringBuilder();
      if (state == State.HEX) {
        out.putByte((byte) '=').putByte((byte) firstHex);
      }
      blanks.clear();
      state = State.TEXT;
      return out.result();
    }

    private static int hex(int c) {
      return Character.digit(c, 16);
    }
  }
}
