package io.meseta.slave.task;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.meseta.core.task.FetchUri;
import io.meseta.core.task.StatusReasons;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.core.time.Clock;
import io.meseta.slave.containerizer.Container;
import io.meseta.slave.containerizer.ContainerExit;
import io.meseta.slave.containerizer.ContainerLaunchException;
import io.meseta.slave.containerizer.ContainerSpec;
import io.meseta.slave.containerizer.Containerizer;
import io.meseta.slave.containerizer.ExitStatusUnknownException;
import io.meseta.slave.fetcher.FetchException;
import io.meseta.slave.fetcher.Fetcher;
import io.meseta.slave.isolation.LimitEvent;
import io.meseta.slave.status.StatusUpdateManager;
import io.meseta.slave.users.TaskUserPolicy;
import io.meseta.slave.users.UserRefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one task from STARTING to a terminal state: chooses its OS user, fetches its URIs, starts
 * its container and reports how it ended (FAILED with {@link ContainerReasons#MEMORY_LIMIT} or
 * {@link ContainerReasons#DISK_LIMIT} when its container reached a limit). Runs on a worker
 * thread, never on an RPC thread. Also takes over the tasks an earlier agent process left
 * ({@link #reattach}, {@link #endedWhileDown}). Every transition is stored as a status update
 * first and then checkpointed, so after a crash the stored updates are never behind the
 * checkpoint.
 */
final class TaskLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(TaskLauncher.class);
  private static final int STDERR_TAIL_BYTES = 400;

  private final Containerizer containerizer;
  private final TaskCheckpoints checkpoints;
  private final Fetcher fetcher;
  private final StatusUpdateManager updates;
  private final Clock clock;
  private final Executor worker;
  private final MetricRegistry metrics;
  private final Timer fetchTimer;
  private final TaskUserPolicy users;
  private final UsageGauges usage;
  private final TaskEndListener onEnd;

  TaskLauncher(Containerizer containerizer, TaskUserPolicy users, TaskCheckpoints checkpoints, Fetcher fetcher,
      StatusUpdateManager updates, Clock clock, Executor worker, MetricRegistry metrics, TaskEndListener onEnd) {
    this.onEnd = onEnd;
    this.containerizer = containerizer;
    this.users = users;
    this.usage = new UsageGauges(metrics, containerizer);
    this.checkpoints = checkpoints;
    this.fetcher = fetcher;
    this.updates = updates;
    this.clock = clock;
    this.worker = worker;
    this.metrics = metrics;
    this.fetchTimer = metrics.timer("fetch");
  }

  void run(AgentTask task) {
    try {
      launch(task);
    } catch (RuntimeException e) {
      LOG.error("Launching task {} failed unexpectedly", task.key(), e);
      fail(task, StatusReasons.LAUNCH_FAILED, "the agent failed to launch the task: " + e);
    }
  }

  private void launch(AgentTask task) {
    if (!emit(task, TaskState.STARTING, "", "", OptionalInt.empty())) {
      return;
    }
    if (task.killRequested()) {
      killedBeforeStart(task);
      return;
    }
    try {
      task.setUser(users.choose(task.spec().command().user(), task.frameworkUser()));
    } catch (UserRefusedException e) {
      LOG.warn("Task {}: {}", task.key(), e.getMessage());
      fail(task, StatusReasons.USER_NOT_ALLOWED, e.getMessage());
      return;
    }
    try {
      for (FetchUri uri : task.spec().command().uris()) {
        try (Timer.Context ignored = fetchTimer.time()) {
          fetcher.fetch(uri, task.sandbox());
        }
      }
    } catch (FetchException e) {
      LOG.warn("Task {}: {}", task.key(), e.getMessage());
      fail(task, StatusReasons.FETCH_FAILED, e.getMessage());
      return;
    }
    if (task.killRequested()) {
      killedBeforeStart(task);
      return;
    }
    if (task.user().isPresent() && users.switchesUsers()) {
      Path frameworkDir = task.sandbox().getParent();
      SandboxAccess.openPath(frameworkDir.getParent(), frameworkDir); // sandboxes/ and sandboxes/<framework>/
    }
    Container container;
    try {
      container = containerizer.launch(containerSpec(task));
    } catch (ContainerLaunchException e) {
      LOG.warn("Task {}: {}", task.key(), e.getMessage());
      fail(task, StatusReasons.LAUNCH_FAILED, e.getMessage());
      return;
    }
    watch(task, container);
  }

  /** Takes over the running container of a task an earlier agent process launched. */
  void reattach(AgentTask task, Container container) {
    LOG.info("Task {} re-attached to its process {}", task.key(), container.pid());
    watch(task, container);
  }

  private void watch(AgentTask task, Container container) {
    CompletableFuture<ContainerExit> exit = containerizer.exit(container);
    Optional<Duration> killNow = task.attach(container, exit);
    checkpoints.save(task);
    usage.register(task.key(), container);
    emit(task, TaskState.RUNNING, "", "", OptionalInt.empty());
    killNow.ifPresent(grace -> containerizer.kill(container, grace));
    exit.whenCompleteAsync((ended, error) -> {
      usage.remove(task.key());
      exited(task, ended, error);
    }, worker);
  }

  /**
   * Reports a task whose process ended while the agent was down: FAILED if its container reached
   * a limit, else KILLED if a kill had been requested, else by the exit status its wrapper
   * recorded, else LOST (nothing says how it ended).
   */
  void endedWhileDown(AgentTask task, Optional<ContainerExit> recorded) {
    if (recorded.isPresent() && recorded.get().limit().isPresent()) {
      exited(task, recorded.get());
    } else if (task.killRequested()) {
      emitTerminal(task, TaskState.KILLED, StatusReasons.KILLED_BY_REQUEST,
          recorded.map(ContainerExit::describe).orElse("killed") + " while the agent was down",
          recorded.isPresent() ? OptionalInt.of(recorded.get().status()) : OptionalInt.empty());
    } else if (recorded.isPresent()) {
      LOG.info("Task {} ended while the agent was down: {}", task.key(), recorded.get().describe());
      exited(task, recorded.get());
    } else {
      lost(task, RecoveryReasons.EXIT_STATUS_UNKNOWN,
          "the task's process ended while the agent was down and left no exit status");
    }
  }

  /** Reports the task LOST: the agent cannot tell what became of it. */
  void lost(AgentTask task, String reason, String message) {
    LOG.warn("Task {} is lost: {}", task.key(), message);
    emitTerminal(task, TaskState.LOST, reason, message, OptionalInt.empty());
  }

  /** The container of {@code task}: as the user chosen at launch, else (after a restart) its command's. */
  static ContainerSpec containerSpec(AgentTask task) {
    TaskSpec spec = task.spec();
    return new ContainerSpec(task.key().toString(), task.sandbox(), spec.command().shell(),
        spec.command().arguments(),
        TaskEnvironment.of(task.key().frameworkId(), spec.agentId(), spec, task.sandbox()),
        task.user().or(() -> spec.command().user()), spec.resources());
  }

  private void exited(AgentTask task, ContainerExit exit, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ExitStatusUnknownException unknown) {
      LOG.warn("Task {}: {}", task.key(), unknown.getMessage());
      endedWhileDown(task, Optional.empty());
    } else if (cause != null) {
      LOG.error("Lost track of the process of task {}", task.key(), cause);
      fail(task, StatusReasons.LAUNCH_FAILED, "the agent lost track of the process: " + cause);
    } else {
      exited(task, exit);
    }
  }

  private void exited(AgentTask task, ContainerExit exit) {
    OptionalInt code = OptionalInt.of(exit.status());
    if (exit.limit().isPresent() && !exit.succeeded()) {
      LimitEvent limit = exit.limit().get();
      LOG.info("Task {} reached a limit: {}", task.key(), limit.message());
      emitTerminal(task, TaskState.FAILED, limit.reason(), limit.message(), code);
    } else if (exit.isolationFailed()) {
      emitTerminal(task, TaskState.FAILED, StatusReasons.LAUNCH_FAILED,
          exit.describe() + stderrTail(task.sandbox()), code);
    } else if (task.killRequested()) {
      emitTerminal(task, TaskState.KILLED, StatusReasons.KILLED_BY_REQUEST, exit.describe(), code);
    } else if (exit.succeeded()) {
      emitTerminal(task, TaskState.FINISHED, StatusReasons.COMMAND_EXITED, exit.describe(), code);
    } else {
      emitTerminal(task, TaskState.FAILED, StatusReasons.COMMAND_EXITED, exit.describe(), code);
    }
  }

  /** ": <the end of the task's stderr>", where the isolation setup wrote why it failed; or nothing. */
  private static String stderrTail(Path sandbox) {
    Path stderr = sandbox.resolve("stderr");
    if (!Files.isRegularFile(stderr, LinkOption.NOFOLLOW_LINKS)) {
      return "";
    }
    try (SeekableByteChannel in = Files.newByteChannel(stderr, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long start = Math.max(0, in.size() - STDERR_TAIL_BYTES);
      ByteBuffer tail = ByteBuffer.allocate((int) (in.size() - start));
      in.position(start);
      while (tail.hasRemaining() && in.read(tail) > 0) {
        // read on
      }
      String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "" : ": " + text.replace('\n', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private void killedBeforeStart(AgentTask task) {
    emitTerminal(task, TaskState.KILLED, StatusReasons.KILLED_BY_REQUEST, "killed before its process started",
        OptionalInt.empty());
  }

  private void fail(AgentTask task, String reason, String message) {
    emitTerminal(task, TaskState.FAILED, reason, message, OptionalInt.empty());
  }

  private void emitTerminal(AgentTask task, TaskState state, String reason, String message, OptionalInt code) {
    if (emit(task, state, reason, message, code)) {
      metrics.counter("tasks." + state.name().toLowerCase(java.util.Locale.ROOT)).inc();
      try {
        onEnd.ended(task.key(), task.sandbox(), state);
      } catch (RuntimeException e) {
        LOG.error("Task {} ended, but telling {} failed", task.key(), onEnd, e);
      }
    }
  }

  /**
   * Moves the task to {@code state}, queues (and stores) the status update, then checkpoints the
   * task; unless the task was abandoned, cannot move there, or the agent has stopped. Returns
   * whether an update was queued.
   */
  private boolean emit(AgentTask task, TaskState state, String reason, String message, OptionalInt exitCode) {
    synchronized (task) {
      if (checkpoints.stopped() || task.abandoned() || !task.state().canMoveTo(state)) {
        return false;
      }
      task.setState(state);
      TaskStatus status = new TaskStatus(task.spec().taskId(), task.key().frameworkId(), task.spec().agentId(),
          state, reason, message, exitCode, clock.millis(), Optional.empty());
      updates.update(task.key().frameworkId(), status);
      checkpoints.save(task);
      return true;
    }
  }
}
