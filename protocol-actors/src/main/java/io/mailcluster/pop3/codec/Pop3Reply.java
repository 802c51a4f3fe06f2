package io.mailcluster.pop3.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * One server response: a status line ({@code +OK} or {@code -ERR}, with an optional RFC 2449
 * response code in brackets) and, for multi-line responses, the lines that follow, ended by
 * a line holding a single dot. The constructor refuses CR and LF in any text, so a string a
 * client supplied can never forge a response.
 */
public record Pop3Reply(boolean ok, ResponseCode code, String text, List<String> lines) {

  /** The RFC 2449 section 8 and RFC 3206 response codes this server sends. */
  public enum ResponseCode {
    IN_USE("IN-USE"),
    SYS_TEMP("SYS/TEMP"),
    AUTH("AUTH");

    private final String wire;

    ResponseCode(String wire) {
      this.wire = wire;
    }
  }

  public Pop3Reply {
    if (ok && code != null) {
      throw new IllegalArgumentException("response codes go with -ERR only");
    }
    checkText(text);
    if (lines != null) {
      lines = List.copyOf(lines);
      lines.forEach(Pop3Reply::checkText);
    }
  }

  public static Pop3Reply ok(String text) {
    return new Pop3Reply(true, null, text, null);
  }

  /** +OK followed by lines and the terminating dot. */
  public static Pop3Reply okLines(String text, List<String> lines) {
    return new Pop3Reply(true, null, text, lines);
  }

  public static Pop3Reply err(String text) {
    return new Pop3Reply(false, null, text, null);
  }

  public static Pop3Reply err(ResponseCode code, String text) {
    return new Pop3Reply(false, code, text, null);
  }

  /** The exact bytes on the wire; lines of a multi-line response are dot-stuffed. */
  public ByteString encode() {
    StringBuilder out = new StringBuilder(ok ? "+OK" : "-ERR");
    if (code != null) {
      out.append(" [").append(code.wire).append(']');
    }
    if (!text.isEmpty()) {
      out.append(' ').append(text);
    }
    out.append("\r\n");
    if (lines != null) {
      for (String line : lines) {
        out.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
      }
      out.append(".\r\n");
    }
    return ByteString.fromString(out.toString(), StandardCharsets.UTF_8);
  }

  private static void checkText(String text) {
    if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("response text must not contain CR or LF");
    }
  }
}
