package io.mailcluster.smtp.codec;

import java.util.List;
import java.util.Optional;

/**
 * One server reply: a three-digit code, an optional enhanced status code (RFC 2034 puts it
 * on every line except the greeting and the EHLO/HELO reply) and one or more text lines.
 * The constructor refuses what would break the wire format, so the encoder cannot.
 */
public record SmtpReply(int code, Optional<EnhancedStatus> status, List<String> lines) {

  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("SMTP reply code out of range: " + code);
    }
    status.ifPresent(s -> {
      if (s.statusClass() != code / 100) {
        throw new IllegalArgumentException("enhanced status " + s + " does not match " + code);
      }
    });
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one line");
    }
    for (String line : lines) {
      // a CR or LF inside a text line would let a client-supplied string forge a reply
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("reply text must not contain CR or LF");
      }
    }
  }

  public static SmtpReply of(int code, EnhancedStatus status, String... lines) {
    return new SmtpReply(code, Optional.of(status), List.of(lines));
  }

  public static SmtpReply withoutStatus(int code, String... lines) {
    return new SmtpReply(code, Optional.empty(), List.of(lines));
  }

  /** 2xx and 3xx: the command worked or the server waits for more. */
  public boolean isPositive() {
    return code < 400;
  }

  /** Replies that count toward the per-session error limit. */
  public boolean isError() {
    return code >= 400;
  }
}
