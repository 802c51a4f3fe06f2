package io.mailcluster.imap.content;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * HEADER.FIELDS and HEADER.FIELDS.NOT over a header's raw octets: whole fields (with their
 * folded lines and line ends, byte for byte) whose name is, or is not, in the list, compared
 * without regard to case; then the blank line (CRLF) that ends a header, always.
 */
final class HeaderFilter {

  private static final ByteString CRLF = ByteString.fromString("\r\n");

  private HeaderFilter() {}

  /**
   * Filters {@code header} (read from the start of a header, possibly cut short: an unfinished
   * last line is dropped). Stops at the blank line. Lines before the first field name, or
   * without a colon, have no name: they match no field and so are kept only by .NOT.
   */
  static ByteString filter(ByteString header, List<String> fields, boolean exclude) {
    ByteStringBuilder out = new ByteStringBuilder();
    int start = 0;
    boolean keep = false;
    while (start < header.size()) {
      int lf = header.indexOf((byte) '\n', start);
      if (lf < 0) {
        break; // a line cut by the read limit
      }
      ByteString line = header.slice(start, lf + 1);
      start = lf + 1;
      if (isBlank(line)) {
        break;
      }
      byte first = line.apply(0);
      if (first != ' ' && first != '\t') {
        String name = name(line);
        keep = exclude != (name != null && contains(fields, name));
      }
      if (keep) {
        out.append(line);
      }
    }
    return out.append(CRLF).result();
  }

  private static boolean isBlank(ByteString line) {
    return line.size() == 1 || (line.size() == 2 && line.apply(0) == '\r');
  }

  private static String name(ByteString line) {
    int colon = line.indexOf((byte) ':');
    if (colon <= 0) {
      return null;
    }
    return line.slice(0, colon).decodeString(StandardCharsets.ISO_8859_1).strip();
  }

  private static boolean contains(List<String> fields, String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (String field : fields) {
      if (field.toUpperCase(Locale.ROOT).equals(upper)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the header that starts these octets ends: just after its blank line, or -1 when the
   * octets hold no blank line. A message starting with a blank line has an empty header
   * (ending at 2, or 1 for a bare LF).
   */
  static int headerEnd(ByteString bytes) {
    int start = 0;
    while (start < bytes.size()) {
      int lf = bytes.indexOf((byte) '\n', start);
      if (lf < 0) {
        return -1;
      }
      if (isBlank(bytes.slice(start, lf + 1))) {
        return lf + 1;
      }
      start = lf + 1;
    }
    return -1;
  }
}
