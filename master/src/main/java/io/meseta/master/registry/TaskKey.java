package io.meseta.master.registry;

import io.meseta.core.ids.FrameworkId;
import io.meseta.core.ids.TaskId;
import java.util.Comparator;

/** Task ids are unique per framework, so a task is named by both. */
public record TaskKey(FrameworkId framework, TaskId task) implements Comparable<TaskKey> {
  private static final Comparator<TaskKey> ORDER =
      Comparator.comparing(TaskKey::framework).thenComparing(TaskKey::task);

  @Override
  public int compareTo(TaskKey o) {
    return ORDER.compare(this, o);
  }
}
