package io.mailcluster.imap.codec;

import java.util.List;

/**
 * Writes flag lists: system flags ({@code \Seen}), keywords ({@code $Junk}) and, for
 * PERMANENTFLAGS, {@code \*}. Flags are atoms on the wire, so anything else is refused
 * rather than quoted: a quoted flag is not a flag to the client.
 */
public final class FlagsEncoder {

  private FlagsEncoder() {}

  /** The flags separated by spaces, without the parentheses. */
  public static String join(List<String> flags) {
    for (String flag : flags) {
      check(flag);
    }
    return String.join(" ", flags);
  }

  private static void check(String flag) {
    if (flag.equals("\\*")) {
      return;
    }
    String atom = flag.startsWith("\\") ? flag.substring(1) : flag;
    if (atom.isEmpty() || !atom.chars().allMatch(c -> ImapString.isAtomChar((char) c))) {
      throw new IllegalArgumentException("not a flag: " + flag);
    }
  }
}
