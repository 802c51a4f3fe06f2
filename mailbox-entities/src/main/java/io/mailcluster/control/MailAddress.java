package io.mailcluster.control;

import java.util.Locale;

/**
 * A validated mail address in canonical (lower-case) form: an RFC 5321 dot-atom local part (no
 * quoted strings) at a {@link DomainName}.
 */
public record MailAddress(String localPart, DomainName domain) {

  static final int MAX_LENGTH = 254;
  static final int MAX_LOCAL_PART_LENGTH = 64;
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  /** Validates and canonicalizes the local part; use {@link #parse(String)}. */
  public MailAddress {
    localPart = canonicalLocalPart(localPart);
    if (domain == null) {
      throw invalid("has no domain");
    }
  }

  /** @throws Rejection of kind INVALID, with a message that says what is wrong */
  public static MailAddress parse(String input) {
    if (input == null || input.isEmpty()) {
      throw invalid("must not be empty");
    }
    if (input.length() > MAX_LENGTH) {
      throw invalid("is longer than " + MAX_LENGTH + " characters");
    }
    int at = input.lastIndexOf('@');
    if (at < 0) {
      throw invalid("must contain '@'");
    }
    String localPart = input.substring(0, at);
    return new MailAddress(localPart, DomainName.parse(input.substring(at + 1)));
  }

  /** The full canonical address, {@code local@domain}. */
  public String address() {
    return localPart + "@" + domain.name();
  }

  @Override
  public String toString() {
    return address();
  }

  private static String canonicalLocalPart(String localPart) {
    if (localPart == null || localPart.isEmpty()) {
      throw invalid("has an empty local part");
    }
    PrintableAscii.check(
        localPart,
        "local part contains non-ASCII characters (SMTPUTF8 is not supported)",
        MailAddress::invalid);
    if (localPart.length() > MAX_LOCAL_PART_LENGTH) {
      throw invalid("local part is longer than " + MAX_LOCAL_PART_LENGTH + " characters");
    }
    if (localPart.startsWith("\"")) {
      throw invalid("local part is a quoted string; only dot-atoms are accepted");
    }
    if (localPart.startsWith(".") || localPart.endsWith(".") || localPart.contains("..")) {
      throw invalid("local part '" + localPart + "' has a leading, trailing or double dot");
    }
    for (int i = 0; i < localPart.length(); i++) {
      char c = localPart.charAt(i);
      if (!isAtext(c) && c != '.') {
        throw invalid("local part '" + localPart + "' contains '" + c + "'");
      }
    }
    return localPart.toLowerCase(Locale.ROOT);
  }

  private static boolean isAtext(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ATEXT_SPECIALS.indexOf(c) >= 0;
  }

  private static Rejection invalid(String problem) {
    return Rejection.invalid("address " + problem);
  }
}
