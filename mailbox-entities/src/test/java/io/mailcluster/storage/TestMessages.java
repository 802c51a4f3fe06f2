package io.mailcluster.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Messages for the ingest tests, and their bytes cut into pieces as a connection delivers them. */
final class TestMessages {

  private TestMessages() {}

  /** A multipart/mixed message: a text part and an attachment of {@code attachmentLines} lines. */
  static byte[] multipart(String subject, int attachmentLines) {
    StringBuilder out = new StringBuilder()
        .append("From: Sender <sender@example.org>\r\n")
        .append("To: rcpt@example.com\r\n")
        .append("Subject: ").append(subject).append("\r\n")
        .append("Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n")
        .append("Message-ID: <").append(subject.replace(' ', '.')).append("@example.org>\r\n")
        .append("MIME-Version: 1.0\r\n")
        .append("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
        .append("--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nhello\r\n")
        .append("--b1\r\nContent-Type: application/octet-stream\r\n")
        .append("Content-Transfer-Encoding: base64\r\n")
        .append("Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\n");
    for (int i = 0; i < attachmentLines; i++) {
      out.append(String.format("%076d", i)).append("\r\n");
    }
    out.append("--b1--\r\n");
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static List<ByteString> pieces(byte[] message, int from, int to, int size) {
    List<ByteString> out = new ArrayList<>();
    for (int i = from; i < to; i += size) {
      out.add(ByteString.fromArray(message, i, Math.min(size, to - i)));
    }
    return out;
  }

  static List<ByteString> pieces(byte[] message, int size) {
    return pieces(message, 0, message.length, size);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
