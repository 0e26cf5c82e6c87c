package io.meseta.slave.task;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.slave.checkpoint.TaskCheckpoint;
import io.meseta.slave.containerizer.Container;
import io.meseta.slave.containerizer.ContainerExit;
import io.meseta.slave.containerizer.ProcessIdentity;
import io.meseta.slave.status.TaskKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One task on the agent and what happened to it so far. Shared by the RPC threads (kill), the
 * launcher and the exit callback; every change is made under the task's own monitor.
 */
final class AgentTask {
  private final TaskKey key;
  private final TaskSpec spec;
  private final Path sandbox;
  private final Optional<String> frameworkUser;

  private TaskState state = TaskState.STAGING;
  private Container container;
  private Optional<ProcessIdentity> process = Optional.empty();
  private Optional<String> user = Optional.empty();
  private CompletableFuture<ContainerExit> exit;
  private Duration killGrace;
  private boolean abandoned;
  private boolean forgotten;

  AgentTask(FrameworkId frameworkId, TaskSpec spec, Path sandbox, Optional<String> frameworkUser) {
    this.key = new TaskKey(frameworkId, spec.taskId());
    this.spec = spec;
    this.sandbox = sandbox;
    this.frameworkUser = frameworkUser;
  }

  /** A task an earlier agent process checkpointed, in {@code state} (which the stored updates may have advanced). */
  static AgentTask recovered(TaskCheckpoint c, Path sandbox, TaskState state) {
    AgentTask t = new AgentTask(c.frameworkId(), c.spec(), sandbox, Optional.empty());
    t.state = state;
    t.process = c.process();
    t.killGrace = c.killGrace().orElse(null);
    return t;
  }

  TaskKey key() {
    return key;
  }

  TaskSpec spec() {
    return spec;
  }

  Path sandbox() {
    return sandbox;
  }

  /** The user the task's framework names, if the launch said (not checkpointed). */
  Optional<String> frameworkUser() {
    return frameworkUser;
  }

  /** The OS user chosen for the task at launch; empty before, for the agent's own user, and after a restart. */
  synchronized Optional<String> user() {
    return user;
  }

  synchronized void setUser(Optional<String> chosen) {
    user = chosen;
  }

  /** Its running container, if it has one. */
  synchronized Optional<Container> container() {
    return Optional.ofNullable(container);
  }

  synchronized TaskState state() {
    return state;
  }

  synchronized void setState(TaskState next) {
    state = next;
  }

  synchronized boolean killRequested() {
    return killGrace != null;
  }

  /** Whether the agent gave the task up: it must report nothing more. */
  synchronized boolean abandoned() {
    return abandoned;
  }

  /** Whether the task was forgotten (or abandoned): its checkpoint is gone and must not come back. */
  synchronized boolean forgotten() {
    return forgotten;
  }

  synchronized void markForgotten() {
    forgotten = true;
  }

  synchronized TaskSnapshot snapshot() {
    return new TaskSnapshot(key.frameworkId(), spec, state);
  }

  /**
   * The task as the master is told about it on (re-)registration. A task whose terminal update
   * is not yet acknowledged is reported in the state it had before (RUNNING if its process
   * started, else STARTING): the master learns how it ended from that update, which follows, and
   * meanwhile neither reports it LOST nor takes it for ended without releasing its resources.
   */
  synchronized TaskSnapshot reportedSnapshot() {
    if (!state.isTerminal()) {
      return snapshot();
    }
    boolean started = container != null || process.isPresent();
    return new TaskSnapshot(key.frameworkId(), spec, started ? TaskState.RUNNING : TaskState.STARTING);
  }

  synchronized TaskCheckpoint checkpoint() {
    return new TaskCheckpoint(key.frameworkId(), spec, state, process, Optional.ofNullable(killGrace));
  }

  /**
   * Records a kill request. Returns the container to kill now, if one runs; otherwise the
   * launcher kills it as soon as it is attached.
   */
  synchronized Optional<Container> requestKill(Duration grace) {
    if (killGrace == null) {
      killGrace = grace;
    }
    return Optional.ofNullable(container);
  }

  /** Marks the task as given up (see {@link #abandoned()}) and records a kill request. */
  synchronized Optional<Container> abandon(Duration grace) {
    abandoned = true;
    return requestKill(grace);
  }

  /**
   * Records the running container. Returns the grace period to kill it with at once, when a
   * kill was requested while it was being launched (or before the agent restarted).
   */
  synchronized Optional<Duration> attach(Container launched, CompletableFuture<ContainerExit> exited) {
    this.container = launched;
    this.exit = exited;
    this.process = launched.identity();
    return Optional.ofNullable(killGrace);
  }

  /** Completes when the container exits; empty if none was started. */
  synchronized Optional<CompletableFuture<ContainerExit>> exit() {
    return Optional.ofNullable(exit);
  }
}
