package io.meseta.slave.status;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.task.TaskStatus;

/** Hands one status update (carrying its update id) to the master. */
@FunctionalInterface
public interface StatusSender {
  /**
   * @throws StatusSendException if the master could not be reached or refused the update
   */
  void send(FrameworkId frameworkId, TaskStatus status) throws StatusSendException;
}
