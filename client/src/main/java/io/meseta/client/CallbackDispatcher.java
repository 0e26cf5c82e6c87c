package io.meseta.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread on which a client runs its scheduler's callbacks, in the order they are
 * submitted. A callback that throws is logged and the next one runs. After {@link #halt()} no
 * further callback starts (the one running finishes).
 */
final class CallbackDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

  private final ExecutorService executor;
  private volatile Thread thread;
  private volatile boolean halted;

  CallbackDispatcher(String threadName) {
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  /**
   * Queues {@code callback}; the future completes once it ran, was skipped after a halt, or
   * failed (the failure is logged, not passed on).
   */
  CompletableFuture<Void> submit(String what, Runnable callback) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          if (!halted) {
            callback.run();
          }
        } catch (RuntimeException e) {
          LOG.error("scheduler callback {} threw; carrying on", what, e);
        } finally {
          done.complete(null);
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("callback {} dropped: the client is stopped", what);
      done.complete(null);
    }
    return done;
  }

  /** True on the callback thread itself. */
  boolean isCallbackThread() {
    return Thread.currentThread() == thread;
  }

  /** No callback starts after this; queued ones are skipped. */
  void halt() {
    halted = true;
  }

  /** Ends the thread once queued callbacks have run (or been skipped after a halt). */
  void shutdown() {
    executor.shutdown();
  }

  boolean awaitTermination(long millis) throws InterruptedException {
    return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }
}
