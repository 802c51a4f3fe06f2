package io.mailcluster.smtp.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.pekko.util.ByteString;

/**
 * The trace header block the receiving server puts in front of a message (RFC 5321 section
 * 4.4): {@code Return-Path:} with the reverse path, then {@code Received:} naming the client
 * (the name it gave in EHLO/HELO, its reverse name if known and its real address), us, the
 * protocol (RFC 3848 / RFC 6531 3.7.3), an id, the recipient when there is exactly one, and
 * the date (RFC 5322 3.3, numeric zone).
 */
public final class TraceHeaders {

  private TraceHeaders() {}

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** RFC 3848 {@code with} value: ESMTP after EHLO, SMTP after HELO, UTF8SMTP for SMTPUTF8. */
  public static String protocol(boolean extended, boolean smtpUtf8) {
    if (smtpUtf8) {
      return "UTF8SMTP"; // RFC 6531 section 3.7.3; SMTPUTF8 implies EHLO
    }
    return extended ? "ESMTP" : "SMTP";
  }

  /** RFC 5321 4.1.3 address literal: IPv6 addresses get the {@code IPv6:} tag. */
  static String addressLiteral(String address) {
    return "[" + (address.indexOf(':') >= 0 ? "IPv6:" + address : address) + "]";
  }

  public static ByteString render(
      String reversePath,
      String heloName,
      String clientHostname,
      String clientAddress,
      String ourHostname,
      String protocol,
      String id,
      String singleRecipient,
      Instant date) {
    String client = clientHostname == null
        ? addressLiteral(clientAddress)
        : clientHostname + " " + addressLiteral(clientAddress);
    StringBuilder b = new StringBuilder();
    b.append("Return-Path: <").append(reversePath).append(">\r\n");
    b.append("Received: from ").append(clean(heloName)).append(" (").append(client).append(")\r\n");
    b.append("\tby ").append(ourHostname).append(" with ").append(protocol)
        .append(" id ").append(id);
    if (singleRecipient != null) {
      b.append("\r\n\tfor <").append(singleRecipient).append(">");
    }
    b.append(";\r\n\t").append(DATE.format(date)).append("\r\n");
    return ByteString.fromString(b.toString(), StandardCharsets.UTF_8);
  }

  /** The EHLO name is client-chosen: keep it one token so it cannot shape our header. */
  private static String clean(String name) {
    StringBuilder b = new StringBuilder();
    name.codePoints().forEach(cp -> b.appendCodePoint(
        cp <= 32 || cp == 127 || cp == '(' || cp == ')' || cp == ';' ? '?' : cp));
    return b.length() == 0 ? "unknown" : b.toString();
  }
}
