package io.meseta.slave.isolation;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@link Isolator#limitReached} for the containers it watches and enforces what it finds: it
 * tells the listener (so the agent can end the task FAILED with the event's reason and message),
 * then kills every process of the container with {@link Isolator#killAll}. The container's main
 * process then exits as usual; the agent still calls {@link Isolator#destroy}, which reports the
 * same event. A container is reported once and then no longer watched.
 *
 * <p>The executor is the caller's (a fake one makes the poll testable); {@link #checkAll} runs one
 * pass on the calling thread.
 */
public final class LimitMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LimitMonitor.class);

  /** Told when a watched container reached a limit, before it is killed. */
  @FunctionalInterface
  public interface Listener {
    void limitReached(String containerId, LimitEvent event);
  }

  private final Isolator limits;
  private final Isolator isolator;
  private final Listener listener;
  private final Set<String> watched = new ConcurrentSkipListSet<>();
  private ScheduledFuture<?> poll;

  public LimitMonitor(Isolator isolator, Listener listener) {
    this(isolator, isolator, listener);
  }

  /**
   * A monitor that polls {@code limits} (some of the agent's isolators, such as the disk quota
   * alone, which is checked less often) and kills through {@code isolator} (all of them).
   */
  public LimitMonitor(Isolator limits, Isolator isolator, Listener listener) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.isolator = Objects.requireNonNull(isolator, "isolator");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Polls every {@code interval} on {@code executor} until {@link #close}. */
  public synchronized void start(ScheduledExecutorService executor, Duration interval) {
    if (poll != null) {
      throw new IllegalStateException("limit monitor already started");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    poll = executor.scheduleWithFixedDelay(this::checkAllQuietly, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public void watch(String containerId) {
    watched.add(containerId);
  }

  public void unwatch(String containerId) {
    watched.remove(containerId);
  }

  public Set<String> watched() {
    return new TreeSet<>(watched);
  }

  /** One pass over the watched containers, in id order; returns how many reached a limit. */
  public int checkAll() {
    int reached = 0;
    for (String id : watched) {
      var event = limits.limitReached(id);
      if (event.isEmpty() || !watched.remove(id)) {
        continue;
      }
      reached++;
      LOG.info("Container {} reached a limit: {}", id, event.get().message());
      try {
        listener.limitReached(id, event.get());
      } catch (RuntimeException e) {
        LOG.error("Limit listener failed for container {}", id, e);
      }
      try {
        isolator.killAll(id);
      } catch (IsolationException e) {
        LOG.error("Cannot kill container {} after it reached a limit: {}", id, e.getMessage());
      }
    }
    return reached;
  }

  private void checkAllQuietly() {
    try {
      checkAll();
    } catch (RuntimeException e) {
      LOG.error("Limit check failed", e); // keep polling
    }
  }

  @Override
  public synchronized void close() {
    if (poll != null) {
      poll.cancel(false);
    }
  }
}
