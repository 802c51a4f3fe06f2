package io.mailcluster.blob;

/** A chunk missing or whose bytes no longer hash to its id: storage lost or damaged data. */
public final class CorruptBlobException extends RuntimeException {
  public CorruptBlobException(String message) {
    super(message, null, false, false);
  }
}
