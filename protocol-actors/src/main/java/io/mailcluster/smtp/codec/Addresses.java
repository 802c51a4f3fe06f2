package io.mailcluster.smtp.codec;

/**
 * Parses the {@code <path>} of MAIL FROM and RCPT TO (RFC 5321 section 4.1.2, widened by
 * RFC 6531 to allow UTF-8 in local parts and domains). Source routes ({@code <@a,@b:x@y>})
 * are accepted and dropped, as RFC 5321 section 4.1.1.3 asks. The address is returned as
 * the client wrote it (a quoted local part keeps its quotes) so Return-Path can echo it.
 */
final class Addresses {

  private Addresses() {}

  /** A parsed path: the address without brackets, and where parsing stopped. */
  record Parsed(String address, int end) {}

  /** Thrown inside this class only; callers get it as a result value. */
  static final class PathSyntax extends Exception {
    PathSyntax(String message) {
      super(message, null, false, false);
    }
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a path starting at {@code from}. {@code allowNull} admits {@code <>} (reverse path);
   * {@code allowPostmaster} admits the domain-less {@code <Postmaster>} (forward path).
   */
  static Parsed parsePath(String s, int from, boolean allowNull, boolean allowPostmaster)
      throws PathSyntax {
    int i = from;
    if (i >= s.length() || s.charAt(i) != '<') {
      throw new PathSyntax("path must be enclosed in <>");
    }
    i++;
    if (allowNull && i < s.length() && s.charAt(i) == '>') {
      return new Parsed("", i + 1);
    }
    if (i < s.length() && s.charAt(i) == '@') {
      i = skipSourceRoute(s, i);
    }
    int start = i;
    if (allowPostmaster && s.regionMatches(true, i, "postmaster>", 0, 11)) {
      return new Parsed(s.substring(i, i + 10), i + 11);
    }
    i = localPart(s, i);
    if (i >= s.length() || s.charAt(i) != '@') {
      throw new PathSyntax("address needs local-part@domain");
    }
    i++;
    i = (i < s.length() && s.charAt(i) == '[') ? addressLiteral(s, i) : domain(s, i);
    if (i >= s.length() || s.charAt(i) != '>') {
      throw new PathSyntax("path must end with >");
    }
    return new Parsed(s.substring(start, i), i + 1);
  }

  /** A-d-l ":" — one or more @domain separated by commas, then a colon. */
  private static int skipSourceRoute(String s, int i) throws PathSyntax {
    while (true) {
      if (i >= s.length() || s.charAt(i) != '@') {
        throw new PathSyntax("bad source route");
      }
      i = domain(s, i + 1);
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else if (i < s.length() && s.charAt(i) == ':') {
        return i + 1;
      } else {
        throw new PathSyntax("bad source route");
      }
    }
  }

  private static int localPart(String s, int i) throws PathSyntax {
    if (i < s.length() && s.charAt(i) == '"') {
      return quotedString(s, i);
    }
    return dotString(s, i);
  }

  /** Quoted-string: printable ASCII except " and \, or a \-escaped printable; UTF-8 allowed. */
  private static int quotedString(String s, int i) throws PathSyntax {
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= s.length() || s.charAt(i + 1) < 32 || s.charAt(i + 1) == 127) {
          throw new PathSyntax("bad quoted pair in local part");
        }
        i += 2;
      } else if ((c >= 32 && c != 127) ) {
        i++;
      } else {
        throw new PathSyntax("control character in quoted local part");
      }
    }
    throw new PathSyntax("unterminated quoted local part");
  }

  /** Dot-string: atoms of atext separated by single dots. */
  private static int dotString(String s, int i) throws PathSyntax {
    while (true) {
      int atomStart = i;
      while (i < s.length() && isAtext(s.charAt(i))) {
        i++;
      }
      if (i == atomStart) {
        throw new PathSyntax("empty or invalid local part");
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
      } else {
        return i;
      }
    }
  }

  private static boolean isAtext(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0
        || c >= 0x80; // RFC 6531: UTF8-non-ascii
  }

  /** Domain: labels of letters, digits, hyphens (or UTF-8 U-labels), not starting/ending in -. */
  private static int domain(String s, int i) throws PathSyntax {
    while (true) {
      int labelStart = i;
      while (i < s.length() && isLdh(s.charAt(i))) {
        i++;
      }
      if (i == labelStart || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
        throw new PathSyntax("invalid domain");
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
      } else {
        return i;
      }
    }
  }

  private static boolean isLdh(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c >= 0x80;
  }

  /** "[" dcontent "]" — IPv4, "IPv6:..." or general literals; content is not interpreted here. */
  private static int addressLiteral(String s, int i) throws PathSyntax {
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != ']') {
      char c = s.charAt(j);
      if (c < 33 || c > 126 || c == '[' || c == '\\') {
        throw new PathSyntax("invalid address literal");
      }
      j++;
    }
    if (j >= s.length() || j == i + 1) {
      throw new PathSyntax("invalid address literal");
    }
    return j + 1;
  }
}
