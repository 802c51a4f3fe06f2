package io.mailcluster.imap.session;

import java.util.regex.Pattern;

/**
 * A LIST reference and mailbox pattern (RFC 9051 section 6.3.9): "*" matches anything, "%"
 * anything but the hierarchy delimiter; INBOX matches in any case.
 */
final class ListPattern {

  private final Pattern regex;

  ListPattern(String reference, String pattern) {
    String full = pattern.startsWith(String.valueOf(ImapSession.DELIMITER)) || reference.isEmpty()
        ? (reference.isEmpty() ? pattern : reference + pattern.substring(1))
        : reference.endsWith(String.valueOf(ImapSession.DELIMITER)) ? reference + pattern
        : reference + ImapSession.DELIMITER + pattern;
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : full.toCharArray()) {
      if (c == '*' || c == '%') {
        re.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
        re.append(c == '*' ? ".*" : "[^" + Pattern.quote(String.valueOf(ImapSession.DELIMITER)) + "]*");
      } else {
        literal.append(c);
      }
    }
    re.append(Pattern.quote(literal.toString()));
    this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  boolean matches(String name) {
    if (regex.matcher(name).matches()) {
      return true;
    }
    // INBOX is case-insensitive: "inbox" and "Inbox" patterns find it
    return name.equals("INBOX") && Pattern.compile(regex.pattern(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
        .matcher(name).matches();
  }
}
