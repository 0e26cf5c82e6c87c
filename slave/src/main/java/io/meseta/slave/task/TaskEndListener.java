package io.meseta.slave.task;

import io.meseta.core.task.TaskState;
import io.meseta.slave.status.TaskKey;
import java.nio.file.Path;

/** Told when a task has ended (log archiving). */
@FunctionalInterface
public interface TaskEndListener {
  TaskEndListener NONE = (key, sandbox, state) -> { };

  /**
   * Called once per task, on a worker thread, after its terminal status update was queued. Must
   * return quickly: slow work belongs on a thread of the listener's own.
   */
  void ended(TaskKey key, Path sandbox, TaskState state);
}
