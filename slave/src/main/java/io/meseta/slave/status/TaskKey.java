package io.meseta.slave.status;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import java.util.Comparator;
import java.util.Objects;

/** A task on this agent: task ids are unique per framework. */
public record TaskKey(FrameworkId frameworkId, TaskId taskId) implements Comparable<TaskKey> {
  private static final Comparator<TaskKey> ORDER =
      Comparator.comparing(TaskKey::frameworkId).thenComparing(TaskKey::taskId);

  public TaskKey {
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(taskId, "taskId");
  }

  @Override
  public int compareTo(TaskKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return frameworkId + "/" + taskId;
  }
}
