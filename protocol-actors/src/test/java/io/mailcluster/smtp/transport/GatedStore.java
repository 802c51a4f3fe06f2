package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.SessionEffect;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.util.ByteString;

/**
 * A store that accepts no content until {@link #open} is completed: a stalled blob store.
 * It counts offers and bytes so a test can see the stage stopped offering.
 */
final class GatedStore implements MessageStore {

  final CompletableFuture<Void> open = new CompletableFuture<>();
  final CompletableFuture<Void> firstOffer = new CompletableFuture<>();
  final AtomicInteger offers = new AtomicInteger();
  final AtomicLong offeredBytes = new AtomicLong();
  private final AtomicLong headerBytes = new AtomicLong(-1);

  @Override
  public MessageUpload begin(SessionEffect.Envelope envelope, String messageId) {
    return new MessageUpload() {
      @Override
      public CompletionStage<Void> offer(ByteString chunk) {
        offers.incrementAndGet();
        offeredBytes.addAndGet(chunk.size());
        headerBytes.compareAndSet(-1, chunk.size()); // the first chunk is the trace headers
        firstOffer.complete(null);
        return open.thenRunAsync(() -> {});
      }

      @Override
      public CompletionStage<Void> commit() {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void abort() {}
    };
  }

  long offeredBytesOfHeaders() {
    return headerBytes.get();
  }
}
