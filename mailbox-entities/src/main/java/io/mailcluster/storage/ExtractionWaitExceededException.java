package io.mailcluster.storage;

import java.time.Duration;

/**
 * Every extraction thread stayed busy for longer than {@code mail-cluster.ingest.extraction-wait}:
 * the node is overloaded, a temporary condition (SMTP answers 451 and the client retries).
 */
public final class ExtractionWaitExceededException extends RuntimeException {
  public ExtractionWaitExceededException(Duration waited) {
    super("no MIME extraction thread free within " + waited, null, false, false);
  }
}
