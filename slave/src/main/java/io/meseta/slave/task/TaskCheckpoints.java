package io.meseta.slave.task;

import io.meseta.slave.checkpoint.TaskCheckpointStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and removes the checkpoints of live tasks. Both happen under the task's monitor, and a
 * forgotten task is never written again, so a checkpoint cannot outlive its task. After
 * {@link #stop()} (the agent crashed or closed) nothing is written or removed any more: the
 * files belong to the agent process that starts next.
 */
final class TaskCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(TaskCheckpoints.class);

  private final TaskCheckpointStore store;
  private volatile boolean stopped;

  TaskCheckpoints(TaskCheckpointStore store) {
    this.store = store;
  }

  TaskCheckpointStore store() {
    return store;
  }

  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  /** Checkpoints the task as it is now. A failure is logged: the task runs on, but may not be recovered. */
  void save(AgentTask task) {
    synchronized (task) {
      if (stopped || task.forgotten()) {
        return;
      }
      try {
        store.write(task.checkpoint());
      } catch (IOException | RuntimeException e) {
        LOG.error("Cannot checkpoint task {} to {}: {}; it will not be recovered if the agent restarts",
            task.key(), store.file(task.key()), e.toString());
      }
    }
  }

  /** Marks the task forgotten and deletes its checkpoint. */
  void remove(AgentTask task) {
    synchronized (task) {
      task.markForgotten();
      if (stopped) {
        return;
      }
      try {
        store.delete(task.key());
      } catch (IOException e) {
        LOG.error("Cannot delete the checkpoint {} of forgotten task {}: {}", store.file(task.key()), task.key(),
            e.toString());
      }
    }
  }
}
