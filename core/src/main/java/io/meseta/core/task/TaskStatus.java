package io.meseta.core.task;

import io.meseta.core.ids.AgentId;
import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One status update of a task.
 *
 * @param reason   a machine-readable cause, one of {@link StatusReasons}
 * @param updateId set when the update must be acknowledged by the framework
 */
public record TaskStatus(
    TaskId taskId,
    FrameworkId frameworkId,
    AgentId agentId,
    TaskState state,
    String reason,
    String message,
    OptionalInt exitCode,
    long timestampMillis,
    Optional<String> updateId) {

  public TaskStatus {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(state, "state");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(updateId, "updateId");
  }

  public TaskStatus withUpdateId(String id) {
    return new TaskStatus(taskId, frameworkId, agentId, state, reason, message, exitCode, timestampMillis,
        Optional.of(id));
  }

  public TaskStatus withoutUpdateId() {
    return new TaskStatus(taskId, frameworkId, agentId, state, reason, message, exitCode, timestampMillis,
        Optional.empty());
  }

  public TaskStatus withReason(String newReason) {
    return new TaskStatus(taskId, frameworkId, agentId, state, newReason, message, exitCode, timestampMillis,
        updateId);
  }
}
