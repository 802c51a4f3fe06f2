package io.mailcluster.control;

import java.util.ArrayList;
import java.util.List;

/**
 * IMAP mailbox names as an account's folder tree keeps them: Unicode strings whose hierarchy
 * delimiter is {@code '/'}. INBOX is case-insensitive (RFC 3501/9051), also as the first level
 * of a longer name ({@code inbox/x} is {@code INBOX/x}); every other level is kept as given.
 */
public final class FolderNames {

  public static final char DELIMITER = '/';

  private FolderNames() {}

  /**
   * The canonical form of a valid name; INVALID if it is empty, has an empty level (leading,
   * trailing or doubled delimiter), a wildcard ({@code %} or {@code *}, which LIST reserves) or a
   * control character, or is longer or deeper than {@code limits} allow.
   */
  public static String valid(String name, AccountSettings limits) {
    if (name == null || name.isEmpty()) {
      throw Rejection.invalid("folder name must not be empty");
    }
    if (name.indexOf('%') >= 0 || name.indexOf('*') >= 0) {
      throw Rejection.invalid("folder name must not contain % or *: " + name);
    }
    if (name.codePoints().anyMatch(FolderNames::isControl)) {
      throw Rejection.invalid("folder name must not contain control characters");
    }
    if (name.charAt(0) == DELIMITER || name.charAt(name.length() - 1) == DELIMITER
        || name.contains("" + DELIMITER + DELIMITER)) {
      throw Rejection.invalid(
          "folder name must not have an empty level (leading, trailing or doubled /): " + name);
    }
    if (name.codePointCount(0, name.length()) > limits.maxFolderNameLength()) {
      throw Rejection.invalid(
          "folder name longer than " + limits.maxFolderNameLength() + " characters");
    }
    if (depth(name) > limits.maxFolderDepth()) {
      throw Rejection.invalid(
          "folder name deeper than " + limits.maxFolderDepth() + " levels: " + name);
    }
    return canonical(name);
  }

  /** {@code name} with a first level of INBOX in any case written INBOX; no other check. */
  public static String canonical(String name) {
    if (name == null) {
      return null;
    }
    int end = name.indexOf(DELIMITER);
    String first = end < 0 ? name : name.substring(0, end);
    return first.equalsIgnoreCase(FolderRef.INBOX) && !first.equals(FolderRef.INBOX)
        ? FolderRef.INBOX + name.substring(first.length())
        : name;
  }

  /** The names from the top level down to {@code name}: {@code a, a/b, a/b/c}. */
  public static List<String> lineage(String name) {
    List<String> names = new ArrayList<>();
    for (int i = name.indexOf(DELIMITER); i >= 0; i = name.indexOf(DELIMITER, i + 1)) {
      names.add(name.substring(0, i));
    }
    names.add(name);
    return names;
  }

  /** Whether {@code name} is below {@code ancestor} in the hierarchy (not equal to it). */
  public static boolean isUnder(String name, String ancestor) {
    return name.length() > ancestor.length() + 1 && name.startsWith(ancestor)
        && name.charAt(ancestor.length()) == DELIMITER;
  }

  /** Number of levels: 1 for {@code a}, 3 for {@code a/b/c}. */
  public static int depth(String name) {
    return (int) name.chars().filter(c -> c == DELIMITER).count() + 1;
  }

  private static boolean isControl(int codePoint) {
    return Character.getType(codePoint) == Character.CONTROL;
  }
}
