package io.meseta.master.registry;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import java.util.Optional;

/** The master's view of one task. Owned by the master's event loop. */
public final class TaskRecord {
  private final TaskSpec spec;
  private final FrameworkId frameworkId;
  private TaskState state = TaskState.STAGING;
  private Optional<TaskStatus> latest = Optional.empty();

  public TaskRecord(TaskSpec spec, FrameworkId frameworkId) {
    this.spec = spec;
    this.frameworkId = frameworkId;
  }

  /** A task restored from the registry in the state it was last known in. */
  public TaskRecord(TaskSpec spec, FrameworkId frameworkId, TaskState state, Optional<TaskStatus> latest) {
    this.spec = spec;
    this.frameworkId = frameworkId;
    this.state = state;
    this.latest = latest;
  }

  public TaskSpec spec() {
    return spec;
  }

  public FrameworkId frameworkId() {
    return frameworkId;
  }

  public TaskKey key() {
    return new TaskKey(frameworkId, spec.taskId());
  }

  public TaskState state() {
    return state;
  }

  public Optional<TaskStatus> latest() {
    return latest;
  }

  /** Records a status; returns true when the state actually moved. */
  public boolean apply(TaskStatus status) {
    latest = Optional.of(status);
    if (state != status.state() && state.canMoveTo(status.state())) {
      state = status.state();
      return true;
    }
    return false;
  }
}
