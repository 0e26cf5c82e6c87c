package io.meseta.slave.containerizer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when adopted processes (not children of this JVM) exit, by polling {@code /proc}.
 * {@link ProcessHandle#onExit()} is not used: for a non-child it polls too, and it takes a zombie
 * for a live process, so it never completes for an orphan whose new parent does not reap it.
 * Here a zombie counts as exited, and so does a pid now held by a process with another start time.
 */
final class ExitWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);
  static final long POLL_MILLIS = 100;

  private final Map<ProcessIdentity, Watch> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;

  /** How an exited process ended, read after the fact. */
  @FunctionalInterface
  interface Outcome {
    ContainerExit read() throws ExitStatusUnknownException;
  }

  private record Watch(CompletableFuture<ContainerExit> exit, Outcome outcome) {}

  ExitWatcher() {
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "containerizer-exit-watch");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Returns a future completed, once {@code process} has exited, with what {@code outcome} then
   * gives. Watching the same process twice gives the same future.
   */
  CompletableFuture<ContainerExit> watch(ProcessIdentity process, Outcome outcome) {
    return watched.computeIfAbsent(process, p -> new Watch(new CompletableFuture<>(), outcome)).exit();
  }

  private void poll() {
    try {
      watched.forEach((process, w) -> {
        if (!ProcessTable.isRunning(process)) {
          watched.remove(process);
          try {
            w.exit().complete(w.outcome().read());
          } catch (ExitStatusUnknownException e) {
            w.exit().completeExceptionally(e);
          }
        }
      });
    } catch (RuntimeException e) {
      LOG.error("Watching adopted processes failed; will try again", e); // must not cancel the schedule
    }
  }

  /** Stops watching; futures not yet completed stay so. */
  @Override
  public void close() {
    poller.shutdownNow();
  }
}
