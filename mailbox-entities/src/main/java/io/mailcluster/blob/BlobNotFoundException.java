package io.mailcluster.blob;

/** A blob id without a manifest: never stored, or its upload did not finish. */
public final class BlobNotFoundException extends RuntimeException {
  public BlobNotFoundException(String blobId) {
    super("no blob " + blobId, null, false, false);
  }
}
