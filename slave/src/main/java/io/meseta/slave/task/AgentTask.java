package io.meseta.slave.task;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.slave.containerizer.Container;
import io.meseta.slave.containerizer.ContainerExit;
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

  private TaskState state = TaskState.STAGING;
  private Container container;
  private CompletableFuture<ContainerExit> exit;
  private Duration killGrace;
  private boolean abandoned;

  AgentTask(FrameworkId frameworkId, TaskSpec spec, Path sandbox) {
    this.key = new TaskKey(frameworkId, spec.taskId());
    this.spec = spec;
    this.sandbox = sandbox;
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

  synchronized TaskSnapshot snapshot() {
    return new TaskSnapshot(key.frameworkId(), spec, state);
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
   * kill was requested while it was being launched.
   */
  synchronized Optional<Duration> attach(Container launched, CompletableFuture<ContainerExit> exited) {
    this.container = launched;
    this.exit = exited;
    return Optional.ofNullable(killGrace);
  }

  /** Completes when the container exits; empty if none was started. */
  synchronized Optional<CompletableFuture<ContainerExit>> exit() {
    return Optional.ofNullable(exit);
  }
}
