package io.mailcluster.smtp.codec;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Writes a reply as RFC 5321 section 4.2.1 wants it: every line but the last is
 * {@code code-text}, the last {@code code SP text}, each closed by CRLF. UTF-8 because
 * SMTPUTF8 (RFC 6531) lets replies echo UTF-8 addresses; ASCII text is unchanged by it.
 */
public final class ReplyEncoder {

  private ReplyEncoder() {}

  public static ByteString encode(SmtpReply reply) {
    ByteStringBuilder out = new ByteStringBuilder();
    String prefix = reply.status().map(s -> s + " ").orElse("");
    int last = reply.lines().size() - 1;
    for (int i = 0; i <= last; i++) {
      String line = reply.code() + (i == last ? " " : "-") + prefix + reply.lines().get(i) + "\r\n";
      out.putBytes(line.getBytes(StandardCharsets.UTF_8));
    }
    return out.result();
  }
}
