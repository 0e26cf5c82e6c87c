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
  /** The agent's update last queued to the framework in this term, and whether it acknowledged it. */
  private String forwardedUpdateId;
  private boolean forwardedAcknowledged;
  /** The latest usage its agent reported. */
  private Optional<UsageSample> usage = Optional.empty();

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

  /** The usage its agent reported last; empty until the first report. */
  public Optional<UsageSample> usage() {
    return usage;
  }

  /** Keeps {@code sample} unless it is older than the one already kept (reports can cross). */
  public void recordUsage(UsageSample sample) {
    if (usage.isEmpty() || usage.get().sampledAtMillis() <= sample.sampledAtMillis()) {
      usage = Optional.of(sample);
    }
  }

  /** Notes that the agent's update {@code updateId} was queued to the framework. */
  public void forwarded(String updateId) {
    forwardedUpdateId = updateId;
    forwardedAcknowledged = false;
  }

  /** Whether {@code updateId} is the update already queued to the framework (a resend by the agent). */
  public boolean alreadyForwarded(String updateId) {
    return updateId.equals(forwardedUpdateId);
  }

  /** Notes the framework's acknowledgement of {@code updateId}; false if it is not the one forwarded. */
  public boolean acknowledged(String updateId) {
    if (!updateId.equals(forwardedUpdateId)) {
      return false;
    }
    forwardedAcknowledged = true;
    return true;
  }

  public boolean forwardedAcknowledged() {
    return forwardedAcknowledged;
  }

  /** Forgets what was forwarded: the next resend reaches the framework again (it re-registered). */
  public void forgetForwarded() {
    forwardedUpdateId = null;
    forwardedAcknowledged = false;
  }
}
