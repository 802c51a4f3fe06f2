package io.mailcluster.imap.codec;

import org.apache.pekko.util.ByteString;

/**
 * One piece of a framed command: the text of a line (without its line end and without a
 * trailing literal marker) or the octets of a literal that followed such a marker.
 */
public sealed interface CommandPart {

  record Text(String text) implements CommandPart {}

  /** {@code binary} for a literal8 ({@code ~{n}}), which may hold NUL octets. */
  record Literal(ByteString bytes, boolean binary) implements CommandPart {
    @Override
    public String toString() {
      return "Literal[<" + bytes.size() + " octets>]"; // may be a password
    }
  }
}
