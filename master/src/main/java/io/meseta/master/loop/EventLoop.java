package io.meseta.master.loop;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the master's state. RPC handlers, timers and agent-link callbacks
 * post work here; nothing else touches the state, so the state needs no locks.
 */
public final class EventLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

  private final ScheduledExecutorService executor;
  private final Runnable afterEach;

  /**
   * @param afterEach runs on the loop after every posted task (the master uses it to start an
   *                  allocation round that events asked for)
   */
  public EventLoop(String name, Runnable afterEach) {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    this.executor = e;
    this.afterEach = afterEach;
  }

  /**
   * Runs {@code work} on the loop and waits for its result. Exceptions thrown by the work are
   * rethrown as they are (unchecked) so callers can map them.
   *
   * @throws LoopUnavailableException if the loop is closed or the work did not finish in time
   */
  public <T> T call(Callable<T> work, Duration timeout) {
    Future<T> f;
    try {
      f = executor.submit(() -> {
        try {
          return work.call();
        } finally {
          runAfterEach();
        }
      });
    } catch (RejectedExecutionException e) {
      throw new LoopUnavailableException("the master is shutting down");
    }
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new LoopUnavailableException("the master did not answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopUnavailableException("interrupted");
    }
  }

  /** Posts work without waiting; failures are logged. */
  public void post(Runnable work) {
    try {
      executor.execute(() -> guarded(work));
    } catch (RejectedExecutionException e) {
      LOG.debug("loop closed; dropped posted work");
    }
  }

  /** Runs {@code work} on the loop every {@code period}; cancel the returned future to stop it. */
  public ScheduledFuture<?> every(Duration period, Runnable work) {
    return executor.scheduleWithFixedDelay(() -> guarded(work), period.toMillis(), period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Runs {@code work} on the loop once, after {@code delay}. */
  public void after(Duration delay, Runnable work) {
    try {
      executor.schedule(() -> guarded(work), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("loop closed; dropped delayed work");
    }
  }

  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.error("master loop task failed", e);
    } finally {
      runAfterEach();
    }
  }

  private void runAfterEach() {
    try {
      afterEach.run();
    } catch (RuntimeException e) {
      LOG.error("master loop follow-up failed", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The loop could not run the work: closed, or too slow to answer. */
  public static final class LoopUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoopUnavailableException(String message) {
      super(message);
    }
  }
}
