package io.mailcluster.smtp.transport;

import io.mailcluster.smtp.session.SessionEffect;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * An in-memory store: keeps committed messages, logs begin/commit/abort as events a test can
 * wait for, and can be told to fail the next commit or to hold commits until released.
 */
final class FakeStore implements MessageStore {

  record Stored(SessionEffect.Envelope envelope, String messageId, String content) {}

  final List<Stored> stored = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
  final AtomicBoolean failNextCommit = new AtomicBoolean();
  /** When set, commits complete only when this completes: a slow store. */
  final AtomicReference<CompletableFuture<Void>> commitGate = new AtomicReference<>();

  @Override
  public MessageUpload begin(SessionEffect.Envelope envelope, String messageId) {
    events.add("begin " + messageId);
    ByteStringBuilder content = new ByteStringBuilder();
    return new MessageUpload() {
      @Override
      public CompletionStage<Void> offer(ByteString chunk) {
        synchronized (content) {
          content.append(chunk);
        }
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> commit() {
        events.add("commit " + messageId);
        if (failNextCommit.getAndSet(false)) {
          return CompletableFuture.failedFuture(new IllegalStateException("storage down"));
        }
        CompletableFuture<Void> gate = commitGate.get();
        CompletionStage<Void> ready = gate == null ? CompletableFuture.completedFuture(null) : gate;
        return ready.thenRun(() -> {
          synchronized (content) {
            stored.add(new Stored(envelope, messageId, content.result().utf8String()));
          }
        });
      }

      @Override
      public void abort() {
        events.add("abort " + messageId);
      }
    };
  }

  /** The next begin/commit/abort event, waiting at most 10 seconds. */
  String nextEvent() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no store event within 10 s");
    }
    return e;
  }
}
