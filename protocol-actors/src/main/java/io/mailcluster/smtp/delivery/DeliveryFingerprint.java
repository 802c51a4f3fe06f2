package io.mailcluster.smtp.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.pekko.util.ByteString;

/**
 * Recognises a client's retry of the same message as the same delivery, so that a retry after
 * a 451 appends nothing twice.
 *
 * <p>What the client sent is hashed: the reverse-path and the DATA/BDAT content, but not the
 * trace header block the session puts first (it names our transaction id and the time, so it
 * differs on every attempt). Each recipient's append key is then a hash of that fingerprint and
 * the mailbox. A retry, on this node or any other, yields the same keys; the recipients whose
 * appends succeeded before the failure drop the repeat (the folder remembers recent keys), the
 * others receive it.
 *
 * <p>Consequence, by design: two byte-identical messages (same sender, same Date and Message-ID
 * header fields, same body) to the same mailbox are one delivery, within the folder's memory of
 * keys. RFC 5322 makes Message-ID unique per message and Date is required, so only a broken
 * generator sends distinct messages that are identical to the byte; the reverse error (a retry
 * that duplicates) is what every client retry would cause otherwise.
 *
 * <p>Not thread-safe: fed by one upload, whose offers come one after another.
 */
final class DeliveryFingerprint {

  private final MessageDigest content = sha256();
  private final String reversePath;
  private boolean traceBlockSkipped;

  DeliveryFingerprint(String reversePath) {
    this.reversePath = reversePath;
  }

  /** Takes the next chunk of the stored message; the first one is the session's trace block. */
  void update(ByteString chunk) {
    if (!traceBlockSkipped) {
      traceBlockSkipped = true;
      return;
    }
    for (ByteBuffer buffer : chunk.getByteBuffers()) {
      content.update(buffer);
    }
  }

  /** Ends the content; the returned keys are stable for the same envelope and content. */
  Keys finish() {
    return new Keys(reversePath, content.digest());
  }

  /** The append keys of one finished message. */
  static final class Keys {
    private final String reversePath;
    private final byte[] contentHash;

    private Keys(String reversePath, byte[] contentHash) {
      this.reversePath = reversePath;
      this.contentHash = contentHash;
    }

    /** {@code smtp:} and 64 hex digits: fits any configured key length of 70 or more. */
    String forMailbox(String mailbox) {
      MessageDigest digest = sha256();
      field(digest, reversePath);
      field(digest, mailbox);
      digest.update(contentHash);
      return "smtp:" + HexFormat.of().formatHex(digest.digest());
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") differ. */
    private static void field(MessageDigest digest, String value) {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      digest.update(ByteBuffer.allocate(4).putInt(bytes.length).flip());
      digest.update(bytes);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
