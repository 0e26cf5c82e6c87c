package io.meseta.slave.task;

import io.meseta.core.ids.AgentId;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.core.time.Clock;
import io.meseta.slave.checkpoint.TaskCheckpoint;
import io.meseta.slave.checkpoint.TaskCheckpointStore;
import io.meseta.slave.containerizer.Container;
import io.meseta.slave.containerizer.ContainerExit;
import io.meseta.slave.containerizer.ContainerSpec;
import io.meseta.slave.containerizer.Containerizer;
import io.meseta.slave.status.StatusUpdateManager;
import io.meseta.slave.status.TaskKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back the tasks an earlier agent process checkpointed, in two steps: {@link #load} reads
 * the checkpoints and decides each task's state, {@link #resume} (once the tasks are known to the
 * {@link TaskManager}) re-attaches to processes that still run and reports those that ended.
 *
 * <p>A task's state is that of its newest stored status update when there is one (updates are
 * stored before the checkpoint is written), else the checkpoint's. A terminal task with no stored
 * update had its terminal update acknowledged: its checkpoint is deleted. When a task's stored
 * updates were unreadable, its outcome is worked out again from its process and sandbox.
 *
 * <p>An unreadable checkpoint is logged as an error naming the file, moved aside to
 * {@code <file>.corrupt}, and its task reported LOST ({@link RecoveryReasons#CHECKPOINT_UNREADABLE})
 * unless its stored updates already end it; a process still running in its sandbox is killed,
 * since the agent can no longer account for it.
 */
final class TaskRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRecovery.class);
  private static final Duration ORPHAN_KILL_GRACE = Duration.ofSeconds(3);

  private final TaskCheckpointStore store;
  private final Containerizer containerizer;
  private final TaskLauncher launcher;
  private final StatusUpdateManager updates;
  private final Clock clock;
  private final Function<TaskKey, Path> sandboxOf;
  private final List<TaskCheckpointStore.Unreadable> unreadable = new ArrayList<>();
  private StatusUpdateManager.Recovered stored;

  TaskRecovery(TaskCheckpointStore store, Containerizer containerizer, TaskLauncher launcher,
      StatusUpdateManager updates, Clock clock, Function<TaskKey, Path> sandboxOf) {
    this.store = store;
    this.containerizer = containerizer;
    this.launcher = launcher;
    this.updates = updates;
    this.clock = clock;
    this.sandboxOf = sandboxOf;
  }

  /** Reads every checkpoint; returns the tasks to keep, in the state recovery decided. */
  List<AgentTask> load(StatusUpdateManager.Recovered storedUpdates) {
    this.stored = storedUpdates;
    List<TaskCheckpointStore.Loaded> all;
    try {
      all = store.readAll();
    } catch (IOException e) {
      LOG.error("Cannot list the task checkpoints: {}; no task is recovered", e.toString());
      return List.of();
    }
    List<AgentTask> tasks = new ArrayList<>();
    for (TaskCheckpointStore.Loaded l : all) {
      if (l instanceof TaskCheckpointStore.Readable r) {
        recovered(r.checkpoint()).ifPresent(tasks::add);
      } else {
        unreadable.add((TaskCheckpointStore.Unreadable) l);
      }
    }
    return tasks;
  }

  private Optional<AgentTask> recovered(TaskCheckpoint c) {
    TaskKey key = c.key();
    Optional<TaskState> newest = Optional.ofNullable(stored.latest().get(key));
    TaskState state = newest.orElse(c.state());
    if (stored.unreadable().contains(key) && state.isTerminal()) {
      state = c.process().isPresent() ? TaskState.RUNNING : TaskState.STARTING; // report the outcome again
    } else if (state.isTerminal() && newest.isEmpty()) {
      LOG.info("Task {} ended and its terminal update was acknowledged; deleting its checkpoint", key);
      try {
        store.delete(key);
      } catch (IOException e) {
        LOG.error("Cannot delete {}: {}", store.file(key), e.toString());
      }
      return Optional.empty();
    }
    return Optional.of(AgentTask.recovered(c, sandboxOf.apply(key), state));
  }

  /**
   * Re-attaches to or reports each loaded task, deals with the unreadable checkpoints, and then
   * has the containerizer destroy every container no task accounts for
   * ({@link Containerizer#completeRecovery}).
   */
  void resume(List<AgentTask> tasks, Optional<AgentId> agentId) {
    List<ContainerSpec> running = new ArrayList<>();
    for (AgentTask t : tasks) {
      try {
        if (resume(t)) {
          running.add(TaskLauncher.containerSpec(t));
        }
      } catch (RuntimeException e) {
        LOG.error("Recovering task {} failed unexpectedly", t.key(), e);
        launcher.lost(t, RecoveryReasons.EXIT_STATUS_UNKNOWN, "the agent failed to recover the task: " + e);
      }
    }
    for (TaskCheckpointStore.Unreadable u : unreadable) {
      unreadable(u, agentId);
    }
    containerizer.completeRecovery(running);
    LOG.info("Recovered {} task(s), {} still running; {} checkpoint(s) unreadable", tasks.size(), running.size(),
        unreadable.size());
  }

  /** Re-attaches to or reports one task; returns whether its container still runs. */
  private boolean resume(AgentTask t) {
    TaskState state = t.state();
    String id = t.key().toString();
    if (state.isTerminal()) {
      LOG.info("Task {} is {}; its terminal update awaits acknowledgement", t.key(), state);
      return false;
    }
    TaskCheckpoint c = t.checkpoint();
    Optional<Container> running = c.process().isPresent()
        ? containerizer.recover(id, t.sandbox(), c.process().get())
        : containerizer.recoverFromSandbox(id, t.sandbox());
    if (running.isPresent()) {
      launcher.reattach(t, running.get());
      return true;
    }
    // What the container left (daemons, its cgroup) goes now; a limit it reached decides how it ended.
    Optional<ContainerExit> recorded = ContainerExit.afterRestart(containerizer.recordedExit(t.sandbox()),
        containerizer.destroy(id));
    if (c.process().isPresent() || recorded.isPresent() || t.killRequested()) {
      launcher.endedWhileDown(t, recorded);
    } else {
      launcher.lost(t, RecoveryReasons.LAUNCH_INTERRUPTED,
          "the agent stopped after accepting the task and before its process started");
    }
    return false;
  }

  private void unreadable(TaskCheckpointStore.Unreadable u, Optional<AgentId> agentId) {
    String aside;
    try {
      aside = "moved aside to " + store.quarantine(u.file());
    } catch (IOException e) {
      aside = "could not be moved aside (" + e + ")";
    }
    if (u.key().isEmpty()) {
      LOG.error("{}; {}. Its place names no valid task, so no task is reported", u.error().getMessage(), aside);
      return;
    }
    TaskKey key = u.key().get();
    LOG.error("{}; {}. Task {} is reported LOST", u.error().getMessage(), aside, key);
    Path sandbox = sandboxOf.apply(key);
    containerizer.recoverFromSandbox(key.toString(), sandbox).ifPresent(c -> {
      LOG.warn("Killing process group {} of task {}, whose checkpoint is unreadable", c.pid(), key);
      containerizer.kill(c, ORPHAN_KILL_GRACE);
    });
    TaskState newest = stored.latest().get(key);
    if (newest != null && newest.isTerminal()) {
      return; // its stored updates already end it
    }
    updates.update(key.frameworkId(), new TaskStatus(key.taskId(), key.frameworkId(), agentId.orElse(null),
        TaskState.LOST, RecoveryReasons.CHECKPOINT_UNREADABLE,
        "the agent restarted and could not read its checkpoint of the task (" + u.file() + ")",
        OptionalInt.empty(), clock.millis(), Optional.empty()));
  }
}
