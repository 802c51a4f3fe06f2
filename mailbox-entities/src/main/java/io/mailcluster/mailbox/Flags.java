package io.mailcluster.mailbox;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Message flags (RFC 9051 section 2.3.2): the storable system flags, canonically spelled, and
 * keywords (atoms without a backslash, kept as given).
 */
public final class Flags {

  public static final String SEEN = "\\Seen";
  public static final String ANSWERED = "\\Answered";
  public static final String FLAGGED = "\\Flagged";
  public static final String DELETED = "\\Deleted";
  public static final String DRAFT = "\\Draft";

  /** Lower-cased spelling -> canonical spelling of every flag a client may store. */
  private static final Map<String, String> SYSTEM =
      Stream.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT)
          .collect(Collectors.toUnmodifiableMap(f -> f.toLowerCase(Locale.ROOT), Function.identity()));

  /** Longest keyword accepted, in characters. */
  static final int MAX_KEYWORD_LENGTH = 128;

  private Flags() {}

  /**
   * Every set of canonical system flags (32 of them), shared: most messages carry one of these,
   * and a fresh TreeSet per message would cost about 100 bytes of heap each.
   */
  private static final Map<Set<String>, SortedSet<String>> SHARED = sharedSets();

  private static Map<Set<String>, SortedSet<String>> sharedSets() {
    List<String> system = List.copyOf(new TreeSet<>(SYSTEM.values()));
    Map<Set<String>, SortedSet<String>> shared = new HashMap<>();
    for (int bits = 0; bits < 1 << system.size(); bits++) {
      TreeSet<String> set = new TreeSet<>();
      for (int i = 0; i < system.size(); i++) {
        if ((bits & (1 << i)) != 0) {
          set.add(system.get(i));
        }
      }
      shared.put(Set.copyOf(set), Collections.unmodifiableSortedSet(set));
    }
    return Map.copyOf(shared);
  }

  /** An unmodifiable sorted copy ({@code null} is the empty set), shared where possible. */
  static SortedSet<String> frozen(Collection<String> flags) {
    if (flags == null || flags.isEmpty()) {
      return SHARED.get(Set.of());
    }
    Set<String> key = Set.copyOf(flags);
    SortedSet<String> shared = SHARED.get(key);
    return shared != null ? shared : Collections.unmodifiableSortedSet(new TreeSet<>(flags));
  }

  /**
   * Checks {@code flags}: storable system flags (any case) and IMAP-atom keywords.
   *
   * @return null if every flag is valid, else why not (for an INVALID rejection)
   */
  static String problem(Collection<String> flags) {
    if (flags == null) {
      return null;
    }
    for (String flag : flags) {
      String problem = problemOf(flag);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** Canonical spelling of valid flags; call only after {@link #problem} returned null. */
  static SortedSet<String> canonical(Collection<String> flags) {
    TreeSet<String> result = new TreeSet<>();
    if (flags != null) {
      for (String flag : flags) {
        result.add(flag.startsWith("\\") ? SYSTEM.get(flag.toLowerCase(Locale.ROOT)) : flag);
      }
    }
    return frozen(result);
  }

  private static String problemOf(String flag) {
    if (flag == null || flag.isEmpty()) {
      return "a flag must not be empty";
    }
    if (flag.startsWith("\\")) {
      return SYSTEM.containsKey(flag.toLowerCase(Locale.ROOT))
          ? null
          : "flag " + flag + " is not a storable system flag";
    }
    if (flag.length() > MAX_KEYWORD_LENGTH) {
      return "keyword longer than " + MAX_KEYWORD_LENGTH + " characters";
    }
    for (int i = 0; i < flag.length(); i++) {
      char c = flag.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return "keyword " + flag + " is not an IMAP atom";
      }
    }
    return null;
  }
}
