package io.mailcluster.control;

import java.util.Locale;

/**
 * A validated domain name in canonical (lower-case ASCII) form: at least two LDH labels, a
 * non-numeric top-level label, no IP literals, IDNs only as punycode.
 */
public record DomainName(String name) {

  static final int MAX_LENGTH = 253;
  static final int MAX_LABEL_LENGTH = 63;

  /** Validates and canonicalizes; use {@link #parse(String)}. */
  public DomainName {
    name = canonical(name);
  }

  /** @throws Rejection of kind INVALID, with a message that says what is wrong */
  public static DomainName parse(String input) {
    return new DomainName(input);
  }

  @Override
  public String toString() {
    return name;
  }

  private static String canonical(String input) {
    if (input == null || input.isEmpty()) {
      throw invalid("must not be empty");
    }
    PrintableAscii.check(
        input,
        "contains non-ASCII characters; IDN must be given in punycode (xn--)",
        DomainName::invalid);
    if (input.startsWith("[")) {
      throw invalid("IP literals are not accepted");
    }
    if (input.length() > MAX_LENGTH) {
      throw invalid("is longer than " + MAX_LENGTH + " characters");
    }
    if (input.startsWith(".") || input.endsWith(".") || input.contains("..")) {
      throw invalid("'" + input + "' has a leading, trailing or double dot");
    }
    String name = input.toLowerCase(Locale.ROOT);
    String[] labels = name.split("\\.");
    if (labels.length < 2) {
      throw invalid("'" + name + "' is a single label; a fully qualified name is needed");
    }
    for (String label : labels) {
      checkLabel(label);
    }
    if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid("'" + name + "' has a numeric top-level label (IP addresses are not accepted)");
    }
    return name;
  }

  private static void checkLabel(String label) {
    if (label.length() > MAX_LABEL_LENGTH) {
      throw invalid("label '" + label + "' is longer than " + MAX_LABEL_LENGTH + " characters");
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      throw invalid("label '" + label + "' starts or ends with a hyphen");
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
        throw invalid("label '" + label + "' may hold only letters, digits and hyphens");
      }
    }
  }

  private static Rejection invalid(String problem) {
    return Rejection.invalid("domain name " + problem);
  }
}
