package io.meseta.slave.checkpoint;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskSpec;
import io.meseta.core.task.TaskState;
import io.meseta.slave.containerizer.ProcessIdentity;
import io.meseta.slave.status.TaskKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a restarted agent needs to find one task again.
 *
 * @param frameworkId the task's framework
 * @param spec        the task as launched
 * @param state       its state as last checkpointed; the stored status updates may be newer
 * @param process     its container's main process, once started
 * @param killGrace   the grace period of a kill requested for it, if one was
 */
public record TaskCheckpoint(
    FrameworkId frameworkId,
    TaskSpec spec,
    TaskState state,
    Optional<ProcessIdentity> process,
    Optional<Duration> killGrace) {

  public TaskCheckpoint {
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(killGrace, "killGrace");
  }

  public TaskKey key() {
    return new TaskKey(frameworkId, spec.taskId());
  }
}
