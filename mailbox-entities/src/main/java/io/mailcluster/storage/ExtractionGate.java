package io.mailcluster.storage;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import scala.concurrent.ExecutionContext;

/**
 * The executor of one ingest's extraction: runs it on the blocking dispatcher and, when no
 * thread picks it up within the wait, reports an {@link ExtractionWaitExceededException}. A
 * queued extraction holds no thread, but its upload is backpressured while it waits, so without
 * this bound a few slow senders holding every thread would stall all other uploads until their
 * clients gave up. The task still runs when a thread frees up; by then its stream has failed, so
 * it ends at its first read.
 */
final class ExtractionGate implements Executor {

  private final Executor blocking;
  private final Duration wait;
  private final Scheduler scheduler;
  private final ExecutionContext timerContext;
  private final Consumer<Throwable> onTimeout;
  private final AtomicBoolean settled = new AtomicBoolean();

  ExtractionGate(Executor blocking, Duration wait, Scheduler scheduler, ExecutionContext timerContext,
      Consumer<Throwable> onTimeout) {
    this.blocking = blocking;
    this.wait = wait;
    this.scheduler = scheduler;
    this.timerContext = timerContext;
    this.onTimeout = onTimeout;
  }

  @Override
  public void execute(Runnable extraction) {
    Cancellable timer = scheduler.scheduleOnce(wait, () -> {
      if (settled.compareAndSet(false, true)) {
        onTimeout.accept(new ExtractionWaitExceededException(wait));
      }
    }, timerContext);
    blocking.execute(() -> {
      if (settled.compareAndSet(false, true)) {
        timer.cancel();
      }
      extraction.run();
    });
  }
}
