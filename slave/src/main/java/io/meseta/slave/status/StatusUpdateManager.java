package io.meseta.slave.status;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the agent's status updates reliably and in order. Each update gets a fresh update id
 * and joins its task's stream, which is persisted (see {@link UpdateStore}) before anything is
 * sent. Only the head of a stream is in flight: it is sent, and resent with exponential backoff,
 * until the master acknowledges its update id; then the next one goes. When a terminal update is
 * acknowledged the stream ends and the listener hears that the task may be forgotten.
 *
 * <p>Sending happens on one "status" thread and never under the lock, so callers (RPC handlers,
 * launchers) are never blocked by a slow master.
 */
public final class StatusUpdateManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdateManager.class);

  private final UpdateStore store;
  private final StatusSender sender;
  private final Duration retryInitial;
  private final Duration retryMax;
  private final Consumer<TaskKey> terminalAcknowledged;
  private final ScheduledExecutorService executor;
  private final Counter sent;
  private final Counter retried;
  private final Map<TaskKey, Stream> streams = new HashMap<>();
  private volatile boolean closed;

  /**
   * @param terminalAcknowledged told (on the acknowledging thread, outside any lock of this manager) when a
   *     task's terminal update was acknowledged and the task may be forgotten
   */
  public StatusUpdateManager(UpdateStore store, StatusSender sender, Duration retryInitial, Duration retryMax,
      Consumer<TaskKey> terminalAcknowledged, MetricRegistry metrics) {
    this.store = store;
    this.sender = sender;
    this.retryInitial = retryInitial;
    this.retryMax = retryMax;
    this.terminalAcknowledged = terminalAcknowledged;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "status");
      t.setDaemon(true);
      return t;
    });
    this.sent = metrics.counter("status.updates.sent");
    this.retried = metrics.counter("status.updates.retried");
    metrics.register("status.updates.pending", (Gauge<Integer>) this::pendingCount);
  }

  /** One task's unacknowledged updates, oldest first, and the retry state of the head. */
  private static final class Stream {
    final Deque<TaskStatus> pending = new ArrayDeque<>();
    ScheduledFuture<?> retry;
    Duration nextDelay;
    int attempts;
  }

  /**
   * Gives {@code status} a fresh update id, persists it in its task's stream and sends it when it
   * reaches the head. Returns the status as it will be sent.
   */
  public TaskStatus update(FrameworkId frameworkId, TaskStatus status) {
    TaskKey key = new TaskKey(frameworkId, status.taskId());
    TaskStatus withId = status.withUpdateId(UUID.randomUUID().toString());
    boolean head;
    synchronized (this) {
      if (closed) {
        // After a crash() the agent's disk state belongs to whatever agent starts next.
        LOG.info("Not recording {} of task {}: the status update manager is closed", withId.state(), key);
        return withId;
      }
      Stream s = streams.computeIfAbsent(key, k -> new Stream());
      s.pending.addLast(withId);
      persist(key, s);
      head = s.pending.size() == 1;
      if (head) {
        s.nextDelay = retryInitial;
        s.attempts = 0;
      }
    }
    LOG.info("Task {} is {}{} (update {})", key, withId.state(),
        withId.message().isEmpty() ? "" : ": " + withId.message(), withId.updateId().orElseThrow());
    if (head) {
      submitSend(key, withId.updateId().orElseThrow());
    }
    return withId;
  }

  /**
   * Handles the master's acknowledgement of {@code updateId}. Returns false (and changes nothing)
   * when that id is not the head of the task's stream, e.g. a duplicate acknowledgement.
   */
  public boolean acknowledge(TaskKey key, String updateId) {
    TaskStatus next;
    boolean ended;
    synchronized (this) {
      Stream s = streams.get(key);
      TaskStatus head = s == null ? null : s.pending.peekFirst();
      if (head == null || !updateId.equals(head.updateId().orElse(null))) {
        LOG.debug("Ignoring acknowledgement {} of task {}: not the update in flight", updateId, key);
        return false;
      }
      s.pending.removeFirst();
      cancelRetry(s);
      s.nextDelay = retryInitial;
      s.attempts = 0;
      next = s.pending.peekFirst();
      ended = next == null && head.state().isTerminal();
      if (next == null) {
        streams.remove(key);
        deleteStored(key);
      } else {
        persist(key, s);
      }
    }
    if (next != null) {
      submitSend(key, next.updateId().orElseThrow());
    } else if (ended) {
      terminalAcknowledged.accept(key);
    }
    return true;
  }

  /**
   * What {@link #recover()} found.
   *
   * @param latest     the state of the newest stored update of each task with a stream
   * @param unreadable tasks whose stored stream could not be read (moved aside); their updates are lost
   */
  public record Recovered(Map<TaskKey, TaskState> latest, Set<TaskKey> unreadable) {}

  /**
   * Loads the streams an earlier agent process left on disk, with their update ids, before any
   * new update is made; they are sent when the agent registers ({@link #resendAll()}). An
   * unreadable stream is logged as an error naming its file and moved aside.
   */
  public Recovered recover() {
    Map<TaskKey, TaskState> latest = new TreeMap<>();
    Set<TaskKey> unreadable = new TreeSet<>();
    List<TaskKey> keys;
    try {
      keys = store.list();
    } catch (IOException e) {
      LOG.error("Cannot list the stored status updates: {}; none are recovered", e.toString());
      return new Recovered(latest, unreadable);
    }
    synchronized (this) {
      for (TaskKey key : keys) {
        List<TaskStatus> stored = readStored(key);
        if (stored == null) {
          unreadable.add(key);
        } else if (stored.isEmpty()) {
          deleteStored(key);
        } else {
          Stream s = new Stream();
          s.pending.addAll(stored);
          s.nextDelay = retryInitial;
          streams.put(key, s);
          latest.put(key, stored.get(stored.size() - 1).state());
        }
      }
    }
    LOG.info("Recovered {} pending status update(s) of {} task(s){}", pendingCount(), latest.size(),
        unreadable.isEmpty() ? "" : "; " + unreadable.size() + " unreadable stream(s) moved aside");
    return new Recovered(latest, unreadable);
  }

  /** The stored stream of {@code key}, or null (logged, file moved aside) if it cannot be read. */
  private List<TaskStatus> readStored(TaskKey key) {
    try {
      return store.read(key);
    } catch (IOException | RuntimeException e) {
      String aside;
      try {
        aside = "moved aside to " + store.quarantine(key);
      } catch (IOException moveFailed) {
        aside = "could not be moved aside: " + moveFailed;
      }
      LOG.error("The stored status updates of task {} in {} are unreadable ({}) and {}; they are lost", key,
          store.file(key), e.toString(), aside);
      return null;
    }
  }

  /** Forgets the pending updates of {@code keys} without sending them. */
  public synchronized void drop(Collection<TaskKey> keys) {
    for (TaskKey key : keys) {
      Stream s = streams.remove(key);
      if (s != null) {
        cancelRetry(s);
        deleteStored(key);
        LOG.info("Dropped {} pending update(s) of task {}", s.pending.size(), key);
      }
    }
  }

  /** Forgets every pending update. */
  public synchronized void dropAll() {
    drop(new ArrayList<>(streams.keySet()));
  }

  /** Sends every stream's head now (after the agent (re-)registered), restarting the backoff. */
  public void resendAll() {
    Map<TaskKey, String> heads = new HashMap<>();
    synchronized (this) {
      streams.forEach((key, s) -> {
        cancelRetry(s);
        s.nextDelay = retryInitial;
        heads.put(key, s.pending.getFirst().updateId().orElseThrow());
      });
    }
    heads.forEach(this::submitSend);
  }

  /** The number of updates not yet acknowledged, over all tasks. */
  public synchronized int pendingCount() {
    int n = 0;
    for (Stream s : streams.values()) {
      n += s.pending.size();
    }
    return n;
  }

  /** The unacknowledged updates of one task, oldest first. */
  public synchronized List<TaskStatus> pending(TaskKey key) {
    Stream s = streams.get(key);
    return s == null ? List.of() : List.copyOf(s.pending);
  }

  /** Stops sending; updates made afterwards are neither sent nor stored. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void submitSend(TaskKey key, String updateId) {
    try {
      executor.execute(() -> sendHead(key, updateId));
    } catch (RejectedExecutionException e) {
      LOG.debug("Not sending update {} of task {}: shutting down", updateId, key);
    }
  }

  /** Sends the head of {@code key}'s stream if it is still {@code updateId}, then arms its retry. */
  private void sendHead(TaskKey key, String updateId) {
    TaskStatus head;
    synchronized (this) {
      head = headIf(key, updateId);
      if (head == null) {
        return;
      }
      streams.get(key).attempts++;
      if (streams.get(key).attempts > 1) {
        retried.inc();
      }
    }
    try {
      sender.send(key.frameworkId(), head);
      sent.inc();
    } catch (StatusSendException e) {
      LOG.warn("Cannot send update {} of task {} ({}): {}; will retry", updateId, key, head.state(),
          e.getMessage());
    } catch (RuntimeException e) {
      // Must not escape: the retry below would never be armed and the stream would stall for good.
      LOG.error("Sending update {} of task {} ({}) failed unexpectedly; will retry", updateId, key,
          head.state(), e);
    }
    synchronized (this) {
      if (headIf(key, updateId) == null) {
        return; // acknowledged while we were sending
      }
      Stream s = streams.get(key);
      cancelRetry(s);
      Duration delay = s.nextDelay;
      s.nextDelay = min(delay.multipliedBy(2), retryMax);
      try {
        s.retry = executor.schedule(() -> sendHead(key, updateId), delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("Not retrying update {} of task {}: shutting down", updateId, key);
      }
    }
  }

  private TaskStatus headIf(TaskKey key, String updateId) {
    Stream s = streams.get(key);
    TaskStatus head = s == null ? null : s.pending.peekFirst();
    return head != null && updateId.equals(head.updateId().orElse(null)) ? head : null;
  }

  private static void cancelRetry(Stream s) {
    if (s.retry != null) {
      s.retry.cancel(false);
      s.retry = null;
    }
  }

  private void persist(TaskKey key, Stream s) {
    try {
      store.write(key, List.copyOf(s.pending));
    } catch (IOException e) {
      LOG.error("Cannot persist the status updates of task {} to {}: {}", key, store.file(key), e.toString());
    }
  }

  private void deleteStored(TaskKey key) {
    try {
      store.delete(key);
    } catch (IOException e) {
      LOG.error("Cannot delete {}: {}", store.file(key), e.toString());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
