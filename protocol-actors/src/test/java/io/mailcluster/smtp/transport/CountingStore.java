package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.SessionEffect;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.util.ByteString;

/**
 * A store that keeps nothing but counts: bytes received, and the most bytes and offers ever
 * outstanding (offered but not yet accepted). Offers are accepted later on another thread,
 * like a real store writing chunks, so the stage really has to wait.
 */
final class CountingStore implements MessageStore {

  private final Executor acceptor;
  final AtomicLong received = new AtomicLong();
  final AtomicLong outstandingBytes = new AtomicLong();
  final AtomicLong maxOutstandingBytes = new AtomicLong();
  final AtomicInteger outstandingOffers = new AtomicInteger();
  final AtomicInteger maxOutstandingOffers = new AtomicInteger();
  final AtomicInteger offers = new AtomicInteger();

  CountingStore(Executor acceptor) {
    this.acceptor = acceptor;
  }

  @Override
  public MessageUpload begin(SessionEffect.Envelope envelope, String messageId) {
    return new MessageUpload() {
      @Override
      public CompletionStage<Void> offer(ByteString chunk) {
        offers.incrementAndGet();
        maxOutstandingBytes.accumulateAndGet(outstandingBytes.addAndGet(chunk.size()), Math::max);
        maxOutstandingOffers.accumulateAndGet(outstandingOffers.incrementAndGet(), Math::max);
        return CompletableFuture.runAsync(() -> {
          received.addAndGet(chunk.size());
          outstandingBytes.addAndGet(-chunk.size());
          outstandingOffers.decrementAndGet();
        }, acceptor);
      }

      @Override
      public CompletionStage<Void> commit() {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void abort() {}
    };
  }
}
