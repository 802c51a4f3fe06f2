package io.mailcluster.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes a SASL PLAIN message (RFC 4616): authzid NUL authcid NUL password, base64. */
public final class SaslPlain {

  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[" + user + ", <redacted>]";
    }
  }

  private SaslPlain() {}

  /**
   * The credentials, or null when malformed: not base64, not UTF-8, not three fields, an empty
   * user or password, or an authorization identity other than the user (we let nobody act as
   * someone else).
   */
  public static Credentials decode(String base64) {
    String text;
    try {
      byte[] raw = Base64.getDecoder().decode(base64);
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
    String[] fields = text.split("\0", -1);
    if (fields.length != 3 || fields[1].isEmpty() || fields[2].isEmpty()) {
      return null;
    }
    if (!fields[0].isEmpty() && !fields[0].equals(fields[1])) {
      return null;
    }
    return new Credentials(fields[1], fields[2]);
  }
}
