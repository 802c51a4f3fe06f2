package io.mailcluster.mailbox;

import io.mailcluster.serialization.CborSerializable;
import java.time.Instant;
import java.util.SortedSet;

/**
 * One message to append. The blob must already be durable in the blob store.
 *
 * @param idempotencyKey names the delivery: an append whose key the folder has already applied
 *     (within the last {@code mail-cluster.folders.idempotency-keys} appends) answers the uid it
 *     produced then, and appends nothing
 * @param blobId content address of the message bytes
 * @param size message size in octets (RFC822.SIZE)
 * @param internalDate the IMAP INTERNALDATE
 * @param flags initial flags; null means none
 */
public record AppendRequest(
    String idempotencyKey, String blobId, long size, Instant internalDate, SortedSet<String> flags)
    implements CborSerializable {

  public AppendRequest {
    flags = Flags.frozen(flags);
  }

  /** Null if valid, else why not. */
  String problem(int maxKeyLength, int maxBlobIdLength) {
    if (idempotencyKey == null || idempotencyKey.isEmpty()) {
      return "idempotency key must not be empty";
    }
    if (idempotencyKey.length() > maxKeyLength) {
      return "idempotency key longer than " + maxKeyLength + " characters";
    }
    if (blobId == null || blobId.isEmpty()) {
      return "blob id must not be empty";
    }
    if (blobId.length() > maxBlobIdLength) {
      return "blob id longer than " + maxBlobIdLength + " characters";
    }
    if (size < 0) {
      return "size must not be negative";
    }
    if (internalDate == null) {
      return "internal date is required";
    }
    return Flags.problem(flags);
  }
}
