package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.StoreFailure;
import java.util.Objects;

/** A commit refused for a reason the client should hear (e.g. a mailbox filled up). */
public final class StoreFailedException extends RuntimeException {

  private final StoreFailure failure;

  public StoreFailedException(StoreFailure failure, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public StoreFailure failure() {
    return failure;
  }
}
