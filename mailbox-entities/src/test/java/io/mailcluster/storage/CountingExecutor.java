package io.mailcluster.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs tasks on another executor and counts how many run at once. */
final class CountingExecutor implements Executor {

  private final Executor delegate;
  private final int target;
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  /** Completes when {@code target} tasks run at the same time. */
  final CompletableFuture<Void> reachedTarget = new CompletableFuture<>();

  CountingExecutor(Executor delegate, int target) {
    this.delegate = delegate;
    this.target = target;
  }

  @Override
  public void execute(Runnable task) {
    delegate.execute(() -> {
      started.incrementAndGet();
      int now = running.incrementAndGet();
      maxRunning.accumulateAndGet(now, Math::max);
      if (now >= target) {
        reachedTarget.complete(null);
      }
      try {
        task.run();
      } finally {
        running.decrementAndGet();
      }
    });
  }
}
