package io.meseta.master.durable;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.core.task.TaskStatus;
import io.meseta.master.registry.TaskKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as the registry keeps it: the whole spec (so the task is never launched again under its
 * id, and its agent and resources are known), its last known state and the status that said so.
 *
 * @param updatedAtMillis when the master last recorded a change (orders ended tasks on recovery)
 */
public record StoredTask(FrameworkId frameworkId, TaskSpec spec, TaskState state, Optional<TaskStatus> latest,
    long updatedAtMillis) {

  public StoredTask {
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(latest, "latest");
  }

  public TaskKey key() {
    return new TaskKey(frameworkId, spec.taskId());
  }
}
