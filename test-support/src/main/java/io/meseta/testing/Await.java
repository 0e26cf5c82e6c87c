package io.meseta.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait: poll a condition until a deadline, then fail with a description of
 * what was awaited and the last value seen. Never a bare sleep.
 */
public final class Await {
  private static final long POLL_MILLIS = 10;

  private Await() {}

  /** Waits until {@code condition} holds, or fails after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      pause();
    }
  }

  /**
   * Waits until {@code probe} gives a value that {@code accept} takes and returns it; on timeout
   * the failure shows the last value seen.
   */
  public static <T> T value(String what, Duration timeout, Supplier<T> probe,
      java.util.function.Predicate<T> accept) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!accept.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; last value: " + last);
      }
      pause();
      last = probe.get();
    }
    return last;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
