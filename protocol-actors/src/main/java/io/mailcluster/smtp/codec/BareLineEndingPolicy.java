package io.mailcluster.smtp.codec;

/**
 * What DATA content does with a CR or LF that is not part of a CRLF pair. Such "bare" line
 * endings are how SMTP smuggling hides a second message inside the first (an upstream
 * server reads {@code \n.\n} as end-of-data, we must not), so neither policy ever lets one
 * end the data; they differ only in whether the message is kept.
 */
public enum BareLineEndingPolicy {
  /** Read to the real end, then refuse the whole message. */
  REJECT,
  /** Write every bare CR or LF as CRLF and keep the message. */
  NORMALIZE;

  /** Reads the config spelling ({@code reject} / {@code normalize}). */
  public static BareLineEndingPolicy fromConfig(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "reject" -> REJECT;
      case "normalize" -> NORMALIZE;
      default -> throw new IllegalArgumentException(
          "mail-cluster.smtp.bare-line-ending must be reject or normalize, not " + value);
    };
  }
}
