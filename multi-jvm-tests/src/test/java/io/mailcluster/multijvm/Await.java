package io.mailcluster.multijvm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition with a deadline, polling; never a fixed sleep standing in for a condition. */
final class Await {

  /** A condition that may throw; an exception counts as "not yet" until the deadline. */
  interface Condition {
    boolean holds() throws Exception;
  }

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private Await() {}

  /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
  static void until(Duration timeout, String what, Condition condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (AssertionError e) {
        throw e; // a broken precondition (a node died), not a "not yet"
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure = new AssertionError("not within " + timeout + ": " + what);
        if (last != null) {
          failure.initCause(last);
        }
        throw failure;
      }
      LockSupport.parkNanos(POLL_NANOS); // poll interval while waiting for the condition
    }
  }

  /** Seconds since {@code startNanos}, with one decimal. */
  static String secondsSince(long startNanos) {
    return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
  }
}
