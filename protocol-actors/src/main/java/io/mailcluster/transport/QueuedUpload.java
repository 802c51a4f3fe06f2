package io.mailcluster.transport;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;

/**
 * A message fed chunk by chunk from a connection into a store's sink (SMTP DATA, IMAP APPEND):
 * a {@code Source.queue} with a small buffer and backpressure, so an offer completes only when
 * its chunk is enqueued and a slow store slows the client.
 *
 * @param <T> what the sink completes with once the message is stored
 */
public final class QueuedUpload<T> {

  private final SourceQueueWithComplete<ByteString> queue;
  private final CompletionStage<T> stored;
  private final String name;

  private QueuedUpload(SourceQueueWithComplete<ByteString> queue, CompletionStage<T> stored, String name) {
    this.queue = queue;
    this.stored = stored;
    this.name = name;
  }

  /** Starts the sink; {@code name} says what is uploaded, in failure messages. */
  public static <T> QueuedUpload<T> start(Sink<ByteString, CompletionStage<T>> sink, int buffer,
      Materializer materializer, String name) {
    Pair<SourceQueueWithComplete<ByteString>, CompletionStage<T>> running =
        Source.<ByteString>queue(buffer, OverflowStrategy.backpressure())
            .toMat(sink, Keep.both())
            .run(materializer);
    return new QueuedUpload<>(running.first(), running.second(), name);
  }

  /** Completes when the chunk is enqueued; fails when the upload is broken. */
  public CompletionStage<Void> offer(ByteString chunk) {
    return queue.offer(chunk).thenApply(result -> {
      if (result instanceof QueueOfferResult.Failure failure) {
        throw new CompletionException(failure.cause());
      }
      if (!result.isEnqueued()) {
        throw new IllegalStateException(name + " refused data: " + result);
      }
      return null;
    });
  }

  /** Ends the message; completes with what the sink stored. */
  public CompletionStage<T> finish() {
    queue.complete();
    return stored;
  }

  /** Drops the message: the sink fails with {@code cause}. */
  public void abort(Throwable cause) {
    queue.fail(cause);
  }
}
