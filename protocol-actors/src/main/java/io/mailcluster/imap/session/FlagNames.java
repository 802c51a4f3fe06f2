package io.mailcluster.imap.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/** Flags as IMAP shows them, and the checks on flags a client asks to store. */
final class FlagNames {

  static final String RECENT = "\\Recent";

  /** The system flags every folder can store, as SELECT lists them. */
  static final List<String> SYSTEM =
      List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");

  private FlagNames() {}

  static List<String> withRecent(Collection<String> flags, boolean recent) {
    List<String> out = new ArrayList<>(flags);
    if (recent) {
      out.add(RECENT);
    }
    return out;
  }

  /**
   * The flags of a STORE or APPEND without \Recent (which a client cannot set: RFC 3501 says
   * it is ignored); null when one of them is not storable (another \-flag).
   */
  static SortedSet<String> storable(List<String> flags) {
    SortedSet<String> out = new TreeSet<>();
    for (String flag : flags) {
      if (flag.equalsIgnoreCase(RECENT)) {
        continue;
      }
      if (flag.startsWith("\\") && SYSTEM.stream().noneMatch(s -> s.equalsIgnoreCase(flag))) {
        return null;
      }
      out.add(flag.startsWith("\\") ? canonical(flag) : flag);
    }
    return out;
  }

  private static String canonical(String systemFlag) {
    String lower = systemFlag.toLowerCase(Locale.ROOT);
    return SYSTEM.stream().filter(s -> s.toLowerCase(Locale.ROOT).equals(lower)).findFirst().orElseThrow();
  }
}
