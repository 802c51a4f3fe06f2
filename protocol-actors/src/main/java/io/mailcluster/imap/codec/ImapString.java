package io.mailcluster.imap.codec;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Writes IMAP strings (RFC 9051 section 4.3) in the cheapest form the grammar allows: an atom
 * where an astring may stand, else a quoted string, else a literal. A quoted string may not
 * hold CR, LF or NUL, nor 8-bit text unless the client can take UTF-8 (IMAP4rev2 or
 * UTF8=ACCEPT); anything else goes as a literal, which carries any octet but NUL.
 */
public final class ImapString {

  private ImapString() {}

  /** A string where NIL stands for null, as in ENVELOPE fields. */
  public static void nstring(ByteStringBuilder out, String value, boolean utf8) {
    if (value == null) {
      ascii(out, "NIL");
    } else {
      string(out, value, utf8);
    }
  }

  /** A string that may not be NIL: quoted or literal, never an atom. */
  public static void string(ByteStringBuilder out, String value, boolean utf8) {
    // a NUL cannot travel in any string form; stored header text is data, so drop it rather
    // than fail a whole FETCH
    String clean = value.indexOf('\0') >= 0 ? value.replace("\0", "") : value;
    if (canQuote(clean, utf8)) {
      quoted(out, clean);
    } else {
      literal(out, clean);
    }
  }

  /** An atom when the value is one (and is not NIL, which a reader could take for nil). */
  public static void astring(ByteStringBuilder out, String value, boolean utf8) {
    if (isAstringAtom(value)) {
      ascii(out, value);
    } else {
      string(out, value, utf8);
    }
  }

  /** True when the value is 1*ASTRING-CHAR: atom characters plus ']'. */
  static boolean isAstringAtom(String value) {
    if (value.isEmpty() || value.equalsIgnoreCase("NIL")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != ']' && !isAtomChar(c)) {
        return false;
      }
    }
    return true;
  }

  /** ATOM-CHAR: printable ASCII but atom-specials ( ) { SP % * " \ ]. */
  public static boolean isAtomChar(char c) {
    return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
  }

  static boolean canQuote(String value, boolean utf8) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0' || (c >= 0x80 && !utf8)) {
        return false;
      }
    }
    return true;
  }

  private static void quoted(ByteStringBuilder out, String value) {
    StringBuilder q = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        q.append('\\');
      }
      q.append(c);
    }
    out.putBytes(q.append('"').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void literal(ByteStringBuilder out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    ascii(out, "{" + bytes.length + "}\r\n");
    out.putBytes(bytes);
  }

  static void ascii(ByteStringBuilder out, String text) {
    out.putBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
