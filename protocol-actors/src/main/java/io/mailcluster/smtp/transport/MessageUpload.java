package io.mailcluster.smtp.transport;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.util.ByteString;

/**
 * One message on its way into the store, fed by one connection.
 *
 * <p>Protocol: {@link #offer} zero or more times, each only after the stage of the previous
 * offer completed (so the store sets the pace: backpressure), then exactly one of
 * {@link #commit} or {@link #abort}. If the connection dies while a commit is outstanding,
 * neither is called again: the commit decides.
 *
 * <p>None of these methods may block; they are called on stream threads.
 */
public interface MessageUpload {

  /**
   * Takes the next bytes of the message, in order (the first chunk is the trace header block).
   * The returned stage completes when the store is ready for more; it fails when the upload is
   * broken, after which the message will be refused with 451 at its end and aborted.
   */
  CompletionStage<Void> offer(ByteString chunk);

  /**
   * Makes the message durable for every recipient (blob written, every append persisted).
   * Completes normally only then: the client gets 250. Failing with a
   * {@link StoreFailedException} tells the client its reason; any other failure means 451
   * 4.3.0. A failed commit must leave nothing visible to any recipient.
   */
  CompletionStage<Void> commit();

  /** Drops everything of this message; idempotent, never throws. */
  void abort();
}
